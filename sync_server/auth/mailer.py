"""Sending e-mail through the configured SMTP server (smtplib).

The app factory builds one :class:`Mailer` from the settings and keeps it on
``app.state``; there is no module-level mailer. Without ``CMMS_SMTP_HOST``
the mailer only logs that it would have sent a message (and, in development,
the message itself, so a developer can follow a password reset locally).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

from sync_server.config import Settings

__all__ = ["Mailer"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mailer:
    host: str | None
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "GMAO <no-reply@localhost>"
    starttls: bool = True
    use_ssl: bool = False
    timeout_seconds: float = 10.0
    log_unsent_content: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Mailer:
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            sender=settings.smtp_sender,
            starttls=settings.smtp_starttls,
            use_ssl=settings.smtp_ssl,
            timeout_seconds=settings.smtp_timeout_seconds,
            log_unsent_content=settings.is_development,
        )

    @property
    def configured(self) -> bool:
        return bool(self.host)

    def build(self, to: str, subject: str, body: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="cmms.local")
        message.set_content(body)
        return message

    def send(self, to: str, subject: str, body: str) -> None:
        """Send one plain-text message; raises smtplib/OSError errors on failure."""
        message = self.build(to, subject, body)
        if not self.host:
            if self.log_unsent_content:
                log.warning("SMTP is not configured; this e-mail was not sent:\n%s", message)
            else:
                log.warning("SMTP is not configured; an e-mail to %s was not sent", to)
            return
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.use_ssl:
            smtp = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout_seconds, context=context
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout_seconds)
        with smtp:
            smtp.ehlo()
            if self.starttls and not self.use_ssl:
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)
