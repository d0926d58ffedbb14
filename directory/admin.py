from django.contrib import admin

from .models import Invitation, Membership

admin.site.register(Membership)
admin.site.register(Invitation)
