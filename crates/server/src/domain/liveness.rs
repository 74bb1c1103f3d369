//! The liveness check's challenge: two or three distinct prompts in a random order.

use cloudsign_contract::real_name::LivenessPrompt;
use rand::seq::SliceRandom;

/// A challenge must be answered within this many seconds.
pub const CHALLENGE_LIFETIME: i64 = 5 * 60;
/// Frames per prompt the app sends, at the least and at the most.
pub const MIN_FRAMES: usize = 3;
pub const MAX_FRAMES: usize = 8;

pub fn new_prompts() -> Vec<LivenessPrompt> {
    let mut rng = rand::rng();
    let mut prompts = LivenessPrompt::ALL.to_vec();
    prompts.shuffle(&mut rng);
    let count = if rand::random::<bool>() { 2 } else { 3 };
    prompts.truncate(count);
    prompts
}

pub fn encode_prompts(prompts: &[LivenessPrompt]) -> String {
    serde_json::to_string(prompts).unwrap_or_default()
}

pub fn decode_prompts(text: &str) -> Vec<LivenessPrompt> {
    serde_json::from_str(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_or_three_distinct_prompts() {
        for _ in 0..50 {
            let prompts = new_prompts();
            assert!((2..=3).contains(&prompts.len()));
            let mut unique = prompts.clone();
            unique.sort_by_key(|p| p.label());
            unique.dedup();
            assert_eq!(unique.len(), prompts.len());
            assert_eq!(decode_prompts(&encode_prompts(&prompts)), prompts);
        }
    }
}
