//! Email over SMTP (`CARERSPACE_SMTP_URL`), through lettre.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Sends the portal's emails through one SMTP server.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// A mailer for an `smtp://`, `smtps://` or `smtp://…?tls=required` URL,
    /// sending from `from` ("Name <address>"). Connections time out after
    /// ten seconds, so a dead mail server never holds a request for long.
    pub fn new(url: &str, from: &str) -> Result<SmtpMailer, Box<dyn std::error::Error + Send + Sync>> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|_| "CARERSPACE_SMTP_URL is not an SMTP URL (smtp://host:port or smtps://user:password@host)")?
            .timeout(Some(Duration::from_secs(10)))
            .build();
        let from = from.parse().map_err(|_| "CARERSPACE_MAIL_FROM is not an email address")?;
        Ok(SmtpMailer { transport, from })
    }
}

#[async_trait::async_trait]
impl app::ports::Mailer for SmtpMailer {
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        // Errors name what failed, never the address (it is a carer's).
        let to: Mailbox = to.parse().map_err(|_| "the carer's email address cannot be used".to_owned())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|_| "the email could not be built".to_owned())?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            let kind = if e.is_timeout() {
                "timed out"
            } else if e.is_permanent() {
                "refused permanently"
            } else if e.is_transient() {
                "refused for now"
            } else {
                "failed"
            };
            format!("the SMTP server {kind}")
        })
    }
}
