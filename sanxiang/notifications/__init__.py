"""In-app notifications with optional e-mail: who must act on a reminder, an escalation or a complaint."""
