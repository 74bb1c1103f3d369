//! Reading and driving the page: find by text or CSS, click, type, wait, run a script, and
//! look at it (screenshots, the QR codes it shows).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::elements::Element;
use serde_json::Value;

use super::{Harness, WAIT, screenshot_dir};

impl Harness {
    /// Waits until the page's path is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let current = self.path().await;
            if current == path {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "expected to reach {path}, still at {current}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element whose own text is exactly `text` (white space folded), waiting for it to
    /// appear. Exact, so that 「已开」 is not found in 「发票已开具」 before its page is there.
    pub async fn find_text(&self, text: &str) -> Element {
        let literal = xpath_literal(text);
        self.find_xpath(&format!("//*[text()[normalize-space(.)={literal}]]"), text)
            .await
    }

    /// The element one of whose own texts contains `text`, waiting for it to appear: for a
    /// sentence checked by its part.
    pub async fn find_text_containing(&self, text: &str) -> Element {
        let literal = xpath_literal(text);
        self.find_xpath(&format!("//*[text()[contains(., {literal})]]"), text)
            .await
    }

    async fn find_xpath(&self, xpath: &str, text: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::XPath(xpath)).await {
                return element;
            }
            if Instant::now() > deadline {
                let body = self.body_text().await;
                panic!("no element with the text {text:?}; the page says:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether `text` is on the page now (no waiting).
    pub async fn has_text(&self, text: &str) -> bool {
        self.body_text().await.contains(text)
    }

    /// Waits until `text` is no longer on the page.
    pub async fn wait_for_text_gone(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while self.has_text(text).await {
            assert!(Instant::now() < deadline, "{text:?} is still on the page");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click_text(&self, text: &str) {
        self.find_text(text)
            .await
            .click()
            .await
            .expect("the element can be clicked");
    }

    /// Presses the form's submit button once the form enables it.
    pub async fn submit_form(&self) {
        self.wait_until(
            "the form can be submitted",
            "return !document.querySelector('form button[type=submit]').disabled",
        )
        .await;
        self.find_css("form button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
    }

    /// Replaces what the field `[name=…]` holds with `text`, typed.
    pub async fn type_into(&self, name: &str, text: &str) {
        let input = self.find_css(&format!("[name={name}]")).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// Clicks the enabled button (or link styled as one) that says `label`, when the same
    /// words also stand in a title or the stepper.
    pub async fn click_button(&self, label: &str) {
        let literal = xpath_literal(label);
        let xpath = format!(
            "//*[(self::button and not(@disabled)) or (self::a and contains(@class, 'btn'))][normalize-space(.)={literal}]"
        );
        let button = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|err| panic!("no button {label:?} ({err})"));
        // Into the middle of the screen, clear of bars fixed to the top or bottom.
        let element = serde_json::to_value(&button).unwrap();
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![element.clone()],
            )
            .await
            .unwrap();
        // Not while it moves (a sheet sliding up): wait until it stands still.
        let mut last = Value::Null;
        let deadline = Instant::now() + WAIT;
        loop {
            let rect = self
                .client
                .execute(
                    "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                    vec![element.clone()],
                )
                .await
                .unwrap();
            if rect == last || Instant::now() > deadline {
                break;
            }
            last = rect;
            tokio::time::sleep(Duration::from_millis(80)).await;
        }
        button.click().await.expect("the button can be clicked");
    }

    pub async fn find_css(&self, selector: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|err| panic!("no element matches {selector} ({err})"))
    }

    pub async fn count_css(&self, selector: &str) -> usize {
        self.client
            .find_all(Locator::Css(selector))
            .await
            .unwrap()
            .len()
    }

    /// What the page shows, as the person reads it.
    pub async fn body_text(&self) -> String {
        match self
            .client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
        {
            Ok(Value::String(text)) => text,
            _ => String::new(),
        }
    }

    /// Runs `script` (a function body that returns a value) in the page.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("the script runs")
    }

    /// Waits until `script` returns true.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        while self.eval(script).await != Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The screen has rendered (a page title, the login page or the organization list; the
    /// full-screen pad) and its first answers have arrived (a loading card is not the screen).
    pub async fn screen_ready(&self) {
        self.wait_until(
            "the screen has rendered",
            "return !!document.querySelector('.nav-title, .login-app-name, .org-list, .pad-bar')",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        self.assert_styled().await;
    }

    /// Every stylesheet the page links was applied: one refused for its integrity or missing
    /// would leave the app unstyled, which most other checks would not notice.
    pub async fn assert_styled(&self) {
        let unapplied = self
            .eval(
                "return [...document.querySelectorAll('link[rel=stylesheet]')] \
                   .filter(link => !link.sheet || link.sheet.cssRules.length === 0) \
                   .map(link => link.getAttribute('href'))",
            )
            .await;
        assert_eq!(unapplied, serde_json::json!([]), "stylesheets not applied");
    }

    /// The screens among `paths` that need sideways scrolling, each screenshotted as
    /// `<prefix><path>` to be looked at.
    pub async fn wider_than_the_screen(&self, paths: &[&str], prefix: &str) -> Vec<String> {
        let mut overflowing = Vec::new();
        for path in paths {
            self.open(path).await;
            self.screen_ready().await;
            let widths = self
                .eval("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                .await;
            if widths[0].as_u64() > widths[1].as_u64() {
                overflowing.push(format!("{path}: {widths}"));
            }
            self.screenshot(&format!("{prefix}{}", path.replace('/', "-")))
                .await;
        }
        overflowing
    }

    /// Saves a PNG of the viewport as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// The texts of the QR codes visible in the viewport, read off a screenshot.
    pub async fn visible_qr_codes(&self) -> Vec<String> {
        let png = self.client.screenshot().await.expect("a screenshot");
        let luma = image::load_from_memory(&png).expect("a PNG").to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(luma);
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
            .collect()
    }
}

/// `text` as an XPath string literal, whatever quotes it holds.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

impl Harness {
    /// axe-core's serious and critical findings on the page as it is now (WCAG 2.1 A/AA and
    /// best practices): `[{id, impact, help, targets}]`.
    pub async fn accessibility_violations(&self) -> Vec<Value> {
        let tools = std::env::var("CLOUDSIGN_TOOLS").unwrap_or_else(|_| {
            format!(
                "{}/.cache/cloudsign/tools",
                std::env::var("HOME").unwrap_or_default()
            )
        });
        let axe = std::fs::read_to_string(format!("{tools}/node_modules/axe-core/axe.min.js"))
            .expect("axe-core: run scripts/bootstrap");
        self.client
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await
            .expect("axe-core loads");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
                   .catch(e => done([{id: 'axe-error', help: String(e)}]));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        found.as_array().cloned().unwrap_or_default()
    }
}
