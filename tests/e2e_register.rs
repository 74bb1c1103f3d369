//! End-to-end: 注册 with a code read from the SMS sandbox, then 确认信息.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Device, Harness};

const PHONE: &str = "13800138000";

async fn open_register(h: &Harness) {
    h.open("/orgs").await;
    h.click_text("惠州市公共资源交易中心").await;
    h.wait_for_path("/login").await;
    h.click_text("注册").await;
    h.wait_for_path("/register").await;
}

async fn submit_enabled(h: &Harness) -> bool {
    h.eval("return !document.querySelector('form button[type=submit]').disabled")
        .await
        == true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_with_an_sms_code_then_confirm_the_id_number() {
    let h = Harness::start(Device::phone()).await;
    open_register(&h).await;
    h.find_text("实名认证").await; // the stepper
    h.find_text("个人移动证书").await;
    h.find_text("¥130.00/1年").await;
    h.screenshot("register-empty").await;

    h.find_css("select[name=role]")
        .await
        .select_by_value("bidder")
        .await
        .unwrap();
    h.type_into("unit_name", "惠州市某建设工程有限公司").await;
    h.type_into("name", "张三").await;
    h.type_into("phone", PHONE).await;
    h.find_text(
        "尊敬的张三，您注册云签署使用电子签名服务将收取数字证书费用，证书费用为¥130.00/一年。",
    )
    .await;

    h.click_text("获取验证码").await;
    h.find_text("验证码已发送").await;
    h.find_text_containing("s后重新获取").await;
    let code = h.sms_code(PHONE, "register").await;

    // A reload keeps what was typed and the countdown (the server's), but not the code.
    h.reload().await;
    h.find_text_containing("s后重新获取").await;
    let name = h.find_css("[name=name]").await;
    assert_eq!(name.prop("value").await.unwrap().as_deref(), Some("张三"));
    assert_eq!(
        h.eval("return document.querySelector('[name=role]').value")
            .await,
        "bidder"
    );

    h.type_into("sms_code", &code).await;
    assert!(!submit_enabled(&h).await, "确定 waits for the agreement");
    h.find_css("input[name=agreed]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "确定 is enabled",
        "return !document.querySelector('form button[type=submit]').disabled",
    )
    .await;
    h.screenshot("register-filled").await;
    h.find_css("form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();

    h.wait_for_path("/confirm").await;
    h.find_text("确认姓名与身份证号是否正确").await;
    h.find_text("张三").await;
    h.type_into("id_number", "110105194912310021").await;
    h.find_text("身份证号校验位不正确，请核对后重新输入").await;
    h.screenshot("confirm-identity-error").await;

    h.type_into("id_number", "11010519491231002X").await;
    h.wait_for_text_gone("身份证号校验位不正确").await;
    // What was typed survives a reload (in session storage, until confirmed).
    h.reload().await;
    h.find_text("确认姓名与身份证号是否正确").await;
    assert_eq!(
        h.eval("return document.querySelector('[name=id_number]').value")
            .await,
        serde_json::json!("11010519491231002X")
    );
    h.find_css("form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();

    // As the guide: 确认 goes straight on to 实名认证, and the typed number is not kept.
    h.wait_for_path("/real-name").await;
    assert_eq!(
        h.eval("return sessionStorage.getItem('cloudsign.confirm.id_number')")
            .await,
        serde_json::Value::Null
    );
    // Back on 确认信息 (the way back), the confirmed identity is shown with the way on.
    h.open("/confirm").await;
    h.find_text("身份信息已确认").await;
    h.find_text_containing("1101**********002X").await;
    h.screenshot("confirm-identity-done").await;

    // 实名认证: both sides of the ID card as files, then the liveness check with the camera.
    h.click_text("下一步：实名认证").await;
    h.wait_for_path("/real-name").await;
    h.find_text("点击拍摄人像面").await;
    h.screenshot("real-name-empty").await;
    // 人像面 with the in-page rear camera and its card outline, 国徽面 picked as a file.
    h.click_text("点击拍摄人像面").await;
    h.find_text("请将身份证人像面置于框内，保持清晰").await;
    h.wait_until(
        "the camera is on",
        "return !document.querySelector('.camera-shutter').disabled",
    )
    .await;
    h.screenshot("real-name-card-camera").await;
    h.find_css(".camera-shutter").await.click().await.unwrap();
    let photo = id_card_photo(&h, "emblem");
    h.find_css("input[name=emblem]")
        .await
        .send_keys(&photo)
        .await
        .unwrap();
    h.find_text_containing("人像面已上传").await;
    h.find_text_containing("国徽面已上传").await;
    h.screenshot("real-name-photos").await;
    h.click_text("开始刷脸认证").await;
    h.wait_until(
        "a prompt is shown over the front camera",
        "return ['眨眨眼','张张嘴','左右摇头'].includes(document.querySelector('.face-prompt').textContent)",
    )
    .await;
    h.screenshot("real-name-liveness").await;
    h.find_text("实名认证通过").await;
    h.screenshot("real-name-passed").await;
    h.close().await;
}

/// A 1200×760 PNG standing in for a photo of one side of an ID card.
fn id_card_photo(h: &Harness, side: &str) -> String {
    let image = image::RgbImage::from_fn(1200, 760, |x, y| {
        image::Rgb([(x / 5) as u8, (y / 3) as u8, 180])
    });
    let path = h.scratch().join(format!("{side}.png"));
    image.save(&path).unwrap();
    path.to_string_lossy().into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_explains_bad_input_and_the_documents_can_be_read() {
    let h = Harness::start(Device::phone()).await;
    open_register(&h).await;

    h.type_into("name", "Zhang").await;
    h.type_into("phone", "12800138000").await;
    h.find_text("请输入与身份证一致的中文姓名").await;
    h.find_text("手机号格式不正确").await;
    let code_button = h.find_css(".code-button").await;
    assert!(
        code_button.attr("disabled").await.unwrap().is_some(),
        "no code for an invalid number"
    );
    assert!(!submit_enabled(&h).await);
    h.screenshot("register-errors").await;

    h.click_text("《服务协议》").await;
    h.find_text("云签署服务协议").await;
    h.click_text("返回注册").await;
    h.wait_for_path("/register").await;
    let name = h.find_css("[name=name]").await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("Zhang"),
        "nothing typed is lost"
    );
    h.click_text("《隐私政策》").await;
    h.find_text("云签署隐私政策").await;
    h.close().await;
}

/// Registers `name` through the screens and confirms a valid ID number, ending on 确认信息.
async fn register_and_confirm(h: &Harness, name: &str) {
    open_register(h).await;
    h.find_css("select[name=role]")
        .await
        .select_by_value("bidder")
        .await
        .unwrap();
    h.type_into("unit_name", "惠州市某建设工程有限公司").await;
    h.type_into("name", name).await;
    h.type_into("phone", PHONE).await;
    h.click_text("获取验证码").await;
    h.find_text("验证码已发送").await;
    let code = h.sms_code(PHONE, "register").await;
    h.type_into("sms_code", &code).await;
    h.find_css("input[name=agreed]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "确定 is enabled",
        "return !document.querySelector('form button[type=submit]').disabled",
    )
    .await;
    h.find_css("form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_for_path("/confirm").await;
    h.type_into("id_number", "11010519491231002X").await;
    h.find_css("form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_for_path("/real-name").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_that_does_not_match_is_reported_and_the_app_resumes_there() {
    let h = Harness::start(Device::phone()).await;
    register_and_confirm(&h, "李不一致").await;

    // Opening the app again resumes the registration where it stands: 实名认证.
    h.open("/").await;
    h.wait_for_path("/real-name").await;
    for side in ["portrait", "emblem"] {
        let photo = id_card_photo(&h, side);
        h.find_css(&format!("input[name={side}]"))
            .await
            .send_keys(&photo)
            .await
            .unwrap();
    }
    h.find_text_containing("国徽面已上传").await;
    h.find_text_containing("人像面已上传").await;
    h.click_text("开始刷脸认证").await;
    h.find_text_containing("实名信息不一致").await;
    h.find_text("重新认证").await;
    h.screenshot("real-name-mismatch").await;

    h.open("/").await;
    h.wait_for_path("/real-name").await;
    h.close().await;
}
