from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.status.models import Rating


class RatingForm(forms.Form):
    """One click on a score from 1 to 5 sends it, with the comment typed above, if any."""

    score = forms.IntegerField(label=_("Rating"), min_value=1, max_value=5)
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False,
        max_length=Rating._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
