//! Scan-to-sign sessions: their lifetime and what each state tells the person.

/// At most this many documents in one batch.
pub const MAX_DOCUMENTS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Waiting,
    Scanned,
    Signed,
    Cancelled,
}

impl SessionState {
    pub fn parse(text: &str) -> SessionState {
        match text {
            "waiting" => SessionState::Waiting,
            "scanned" => SessionState::Scanned,
            "signed" => SessionState::Signed,
            _ => SessionState::Cancelled,
        }
    }
}

/// Why a session cannot be signed (now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Used,
    Cancelled,
    Expired,
    TakenByOther,
}

impl Refusal {
    /// In the person's words.
    pub fn message(self) -> String {
        match self {
            Refusal::Used => tr!("该二维码已使用，请在电脑端重新扫码印章"),
            Refusal::Cancelled => tr!("签署已在电脑端取消，请重新扫码印章"),
            Refusal::Expired => tr!("二维码已过期，请在电脑端重新扫码印章"),
            Refusal::TakenByOther => tr!("该二维码已被其他账号扫描"),
        }
    }
}

/// Why a session cannot be signed now; None when it can.
pub fn refusal(
    state: SessionState,
    expires_at: i64,
    now: i64,
    taken_by_other: bool,
) -> Option<Refusal> {
    match state {
        SessionState::Signed => Some(Refusal::Used),
        SessionState::Cancelled => Some(Refusal::Cancelled),
        _ if now >= expires_at => Some(Refusal::Expired),
        _ if taken_by_other => Some(Refusal::TakenByOther),
        _ => None,
    }
}

/// A 64-hex-digit SHA-256, lower-cased; None for anything else.
pub fn digest_bytes(hex_digest: &str) -> Option<[u8; 32]> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_digest.trim(), &mut bytes).ok()?;
    Some(bytes)
}

/// The sealing client's batch, checked: 1–50 documents, each with a name of 1–200 characters.
pub fn check_names<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Result<(), &'static str> {
    if names.len() == 0 || names.len() > MAX_DOCUMENTS {
        return Err("documents: 1-50 required");
    }
    for name in names {
        if name.trim().is_empty() || name.chars().count() > 200 {
            return Err("document name: 1-200 characters");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_has_its_own_refusal() {
        assert!(refusal(SessionState::Waiting, 100, 50, false).is_none());
        assert!(refusal(SessionState::Scanned, 100, 50, false).is_none());
        let refused = |state, now, other| refusal(state, 100, now, other).unwrap();
        assert_eq!(refused(SessionState::Waiting, 100, false), Refusal::Expired);
        assert!(Refusal::Expired.message().contains("已过期"));
        assert_eq!(refused(SessionState::Signed, 50, false), Refusal::Used);
        assert!(Refusal::Used.message().contains("已使用"));
        assert_eq!(
            refused(SessionState::Cancelled, 50, false),
            Refusal::Cancelled
        );
        assert!(Refusal::Cancelled.message().contains("取消"));
        assert_eq!(
            refused(SessionState::Scanned, 50, true),
            Refusal::TakenByOther
        );
        assert!(Refusal::TakenByOther.message().contains("其他账号"));
    }

    #[test]
    fn digests_are_64_hex_digits_and_batches_have_named_documents() {
        assert!(digest_bytes(&"a".repeat(64)).is_some());
        assert!(digest_bytes("abc").is_none());
        assert!(digest_bytes(&"g".repeat(64)).is_none());
        assert!(check_names(["招标文件.pdf"].into_iter()).is_ok());
        assert!(check_names(std::iter::empty::<&str>()).is_err());
        assert!(check_names([" "].into_iter()).is_err());
        assert!(check_names(vec!["a.pdf"; MAX_DOCUMENTS + 1].into_iter()).is_err());
    }
}
