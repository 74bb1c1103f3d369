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

/// The frame shown to the face comparison: the largest. Frames come from one camera at one JPEG
/// quality, so the largest carries the most detail (the sharpest, best-lit face).
pub fn best_frame<P>(frames: &[(P, Vec<Vec<u8>>)]) -> Option<&[u8]> {
    frames
        .iter()
        .flat_map(|(_, images)| images)
        .max_by_key(|image| image.len())
        .map(Vec::as_slice)
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
    fn the_largest_frame_is_the_best() {
        let frames = vec![
            ("blink", vec![vec![1; 10], vec![2; 30]]),
            ("open_mouth", vec![vec![3; 20]]),
        ];
        assert_eq!(best_frame(&frames), Some(&[2u8; 30][..]));
        assert_eq!(best_frame::<&str>(&[]), None);
    }

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
