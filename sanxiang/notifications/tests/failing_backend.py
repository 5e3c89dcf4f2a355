"""An e-mail backend whose server is down: every send raises, as SMTP would on a refused connection."""

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP 服务器拒绝连接")
