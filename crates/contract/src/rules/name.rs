/// A name as it may be shown before the person has proved who they are: the first and last
/// characters stay, the rest become `*` (张三 → 张*, 张小三 → 张*三, 欧阳小峰 → 欧**峰).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut masked = String::new();
            masked.push(chars[0]);
            masked.extend(std::iter::repeat_n('*', n - 2));
            masked.push(chars[n - 1]);
            masked
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_first_and_last_character() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张小三"), "张*三");
        assert_eq!(mask_name("欧阳小峰"), "欧**峰");
        assert_eq!(mask_name("阿依古丽·买买提"), "阿******提");
        assert_eq!(mask_name(" 李 "), "*");
        assert_eq!(mask_name(""), "");
    }
}
