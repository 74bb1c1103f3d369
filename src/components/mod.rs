//! Presentational pieces shared by the screens. They take signals in and callbacks out.

pub mod button;
pub mod code_button;
pub mod desktop_handoff;
pub mod field;
pub mod icons;
pub mod install_hint;
pub mod lazy_screen;
pub mod liveness_check;
pub mod load_state;
pub mod nav_bar;
pub mod new_password;
pub mod offline_notice;
pub mod password_sheet;
pub mod qr_code;
pub mod stepper;
pub mod tab_bar;
pub mod toast;

pub use button::Button;
pub use code_button::CodeButton;
pub use desktop_handoff::{DesktopHandoff, DesktopHandoffWhenDesktop};
pub use field::TextField;
pub use install_hint::InstallHint;
pub use lazy_screen::LazyScreen;
pub use liveness_check::LivenessCheck;
pub use load_state::{LoadFailed, Loading};
pub use nav_bar::NavBar;
pub use new_password::NewPasswordFields;
pub use offline_notice::OfflineNotice;
pub use password_sheet::PasswordSheet;
pub use qr_code::QrCode;
pub use stepper::Stepper;
pub use tab_bar::TabBar;
pub use toast::{ToastHost, Toasts};
