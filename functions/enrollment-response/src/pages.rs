//! The pages of the enrollment link, rendered from typed data (askama escapes every value).

use askama::Template;
use ses_domain::{Company, Enrollment};

#[derive(Template)]
#[template(path = "respond.html")]
pub struct Respond<'a> {
    pub agency_name: &'a str,
    pub agency_id: &'a str,
    pub company_name: &'a str,
    pub nmls_id: &'a str,
    pub invitee_name: String,
    pub invitee_email: &'a str,
    pub message: Option<&'a str>,
    pub confirm_url: String,
    pub decline_url: String,
    pub expires_on: String,
}

#[derive(Template)]
#[template(path = "gone.html")]
pub struct Gone;

#[derive(Template)]
#[template(path = "declined.html")]
pub struct Declined<'a> {
    pub company_name: &'a str,
    pub agency_name: &'a str,
}

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct Confirm<'a> {
    pub company_name: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
}

impl<'a> Confirm<'a> {
    pub fn new(e: &'a Enrollment, c: &'a Company) -> Confirm<'a> {
        Confirm {
            company_name: &c.name,
            first_name: e.invitee.first_name.as_str(),
            last_name: e.invitee.last_name.as_str(),
            email: e.invitee.email.as_str(),
            phone: e.invitee.phone.as_str(),
        }
    }
}
