"""The form of the mentor's photo: one file, checked by services.photos."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .profiles import _helper

PHOTO_ACCEPT = ".jpg,.jpeg,.png,image/jpeg,image/png"


class MentorPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("A JPEG or PNG image up to 5 MB. It is stored reduced to 600 pixels, "
                    "without the data the camera wrote into it (place, device)."),
        error_messages={"required": _("Choose the image file.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
