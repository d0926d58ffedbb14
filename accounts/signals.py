"""Signals of accounts for the apps above it (accounts imports none of them).

`invitation_created(sender=Invitation, invitation=…)` is sent inside the transaction that
creates the invitation: the notifications app writes the invitation email to its outbox
there (notifications.invitations), so the email exists exactly when the invitation does."""

from django.dispatch import Signal

invitation_created = Signal()
