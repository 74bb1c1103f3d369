//! 注册 and 确认信息 through the API: every rule, the SMS code, and the order of steps.

mod common;

use axum::http::StatusCode;
use cloudsign_contract::ErrorCode;
use cloudsign_contract::registration::{RegistrationState, RegistrationStep, RoleList};
use cloudsign_contract::rules::Phone;
use cloudsign_server::store::NewUser;
use common::{TestServer, error, register_code};
use serde_json::{Value, json};

const PHONE: &str = "13800138000";

async fn fresh_code(server: &TestServer) -> String {
    register_code(server, PHONE).await
}

fn form(code: &str) -> Value {
    json!({
        "org_id": "huizhou",
        "role": "bidder",
        "unit_name": "惠州市某建设工程有限公司",
        "name": "张三",
        "phone": PHONE,
        "sms_code": code,
        "agreed": true,
    })
}

async fn register(server: &TestServer) -> RegistrationState {
    let code = fresh_code(server).await;
    let (status, body) = server.post_json("/api/registrations", form(&code)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn the_roles_come_from_the_server() {
    let server = TestServer::start().await;
    let (_, body) = server.get_json("/api/roles").await;
    let roles: RoleList = serde_json::from_value(body).unwrap();
    assert_eq!(roles.roles[0].name, "投标人");
    assert!(roles.roles.len() >= 3);
}

#[tokio::test]
async fn registering_uses_the_code_and_leads_to_identity_confirmation() {
    let server = TestServer::start().await;
    let state = register(&server).await;
    assert_eq!(state.step, RegistrationStep::Identity);
    assert_eq!(state.name, "张三");
    assert_eq!(state.id.len(), 32);

    // The app resumes from the id after a reload.
    let (status, body) = server
        .get_json(&format!("/api/registrations/{}", state.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["step"], "identity");
}

#[tokio::test]
async fn each_rule_is_enforced_by_the_server() {
    let server = TestServer::start().await;
    let code = fresh_code(&server).await;
    let cases = [
        ("name", json!("Zhang San"), "请输入与身份证一致的中文姓名"),
        ("unit_name", json!(" "), "请输入单位名称"),
        ("phone", json!("1380013800"), "请输入11位手机号"),
        ("sms_code", json!("12345"), "请输入6位数字验证码"),
        (
            "agreed",
            json!(false),
            "请阅读并同意《服务协议》《隐私政策》",
        ),
        ("role", json!("emperor"), "请选择用户角色"),
    ];
    for (field, value, message) in cases {
        let mut body = form(&code);
        body[field] = value;
        let (status, answer) = server.post_json("/api/registrations", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(error(answer).message, message, "{field}");
    }
    // None of that used the code up.
    let (status, _) = server.post_json("/api/registrations", form(&code)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_or_reused_code_is_refused() {
    let server = TestServer::start().await;
    let code = fresh_code(&server).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = server.post_json("/api/registrations", form(wrong)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body = error(body);
    assert_eq!(body.code, ErrorCode::InvalidCode);
    assert_eq!(body.message, "验证码错误，还可以再试4次");

    assert_eq!(
        server.post_json("/api/registrations", form(&code)).await.0,
        StatusCode::OK
    );
    let (status, body) = server.post_json("/api/registrations", form(&code)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "请先获取验证码");
}

#[tokio::test]
async fn registering_again_continues_the_open_registration() {
    let server = TestServer::start().await;
    let first = register(&server).await;
    let second = register(&server).await;
    assert_eq!(
        first.id, second.id,
        "one registration per phone and organization"
    );
}

#[tokio::test]
async fn a_registered_phone_is_sent_to_login() {
    let server = TestServer::start().await;
    let phone = Phone::parse(PHONE).unwrap();
    server
        .state
        .store
        .create_user(NewUser {
            org_id: "huizhou",
            phone: &phone,
            name: "张三",
            unit_name: "某公司",
            created_at: 0,
        })
        .await
        .unwrap();
    let code = fresh_code(&server).await;
    let (status, body) = server.post_json("/api/registrations", form(&code)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let body = error(body);
    assert_eq!(body.code, ErrorCode::AlreadyRegistered);
    assert_eq!(
        body.message,
        "该手机号已在惠州市公共资源交易中心注册，请直接登录"
    );
}

#[tokio::test]
async fn the_id_number_is_checked_and_moves_the_registration_on() {
    let server = TestServer::start().await;
    let state = register(&server).await;
    let url = format!("/api/registrations/{}/identity", state.id);

    let (status, body) = server
        .put_json(&url, json!({"id_number": "110105194912310021"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error(body).message,
        "身份证号校验位不正确，请核对后重新输入"
    );

    // Born tomorrow (the test clock stands on 2027-01-15 in China).
    let (status, body) = server
        .put_json(&url, json!({"id_number": "110105202701160014"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(error(body).message, "身份证号中的出生日期不能晚于今天");

    let (status, body) = server
        .put_json(&url, json!({"id_number": "11010519491231002x"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let state: RegistrationState = serde_json::from_value(body).unwrap();
    assert_eq!(state.step, RegistrationStep::RealName);
    assert_eq!(
        state.id_number_masked.as_deref(),
        Some("1101**********002X")
    );
}

#[tokio::test]
async fn an_unknown_registration_is_not_found() {
    let server = TestServer::start().await;
    let (status, body) = server
        .get_json("/api/registrations/0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error(body).message, "注册信息不存在或已失效，请重新注册");
}
