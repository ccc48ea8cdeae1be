"""Media blocks: images with the alternative text every image needs."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    """An image with mandatory alternative text and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        description = _("An image with alternative text and a caption.")
        preview_value = {
            "image": None,
            "alt_text": "A physiotherapist helping a child practise standing",
            "caption": "Rehabilitation continues after each session.",
        }

    def get_preview_value(self):
        """The preview caption with the first image in the library, if any.

        With no image the preview shows the caption alone, without error.
        """
        value = super().get_preview_value()
        value["image"] = self.child_blocks["image"].target_model.objects.first()
        return value
