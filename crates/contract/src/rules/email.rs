/// 邮箱地址 for the e-invoice: one `@`, a local part, and a domain with a dot.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    Invalid,
}

impl EmailError {
    pub fn message(self) -> String {
        match self {
            EmailError::Empty => tr!("请输入发票接收邮箱"),
            EmailError::Invalid => tr!("邮箱格式不正确"),
        }
    }
}

rule_error!(EmailError);

impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let email = input.trim();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(EmailError::Invalid);
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2);
        if local_ok && domain_ok && email.len() <= 254 {
            Ok(Email(email.to_ascii_lowercase()))
        } else {
            Err(EmailError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 发票抬头: the buyer's name as on the invoice, 2–100 characters.
pub fn invoice_title_error(input: &str) -> Option<String> {
    let count = input.trim().chars().count();
    if count == 0 {
        Some(tr!("请输入发票抬头"))
    } else if !(2..=100).contains(&count) {
        Some(tr!("发票抬头应为2-100个字"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_need_a_user_and_a_dotted_domain() {
        assert_eq!(
            Email::parse(" Bid@Example.COM ").unwrap().as_str(),
            "bid@example.com"
        );
        assert!(Email::parse("zhang.san+invoice@mail.hz-gov.cn").is_ok());
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        for bad in [
            "zhangsan",
            "@qq.com",
            "a@qq",
            "a@.com",
            "a b@qq.com",
            "a@qq.c",
            "a@-qq.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
    }

    #[test]
    fn titles_are_named() {
        assert_eq!(invoice_title_error(""), Some("请输入发票抬头".to_owned()));
        assert_eq!(
            invoice_title_error("张"),
            Some("发票抬头应为2-100个字".to_owned())
        );
        assert_eq!(invoice_title_error("惠州市某建设工程有限公司"), None);
    }
}
