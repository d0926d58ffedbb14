"""QR codes for posters (segno), as SVG data URIs WeasyPrint embeds without any file."""

import segno


def make_qr(data: str) -> segno.QRCode:
    # Level M survives a scratched or badly lit hall poster; a quiet zone of 4 modules is the
    # standard minimum for phone cameras.
    return segno.make(data, error="m", micro=False)


def qr_svg_data_uri(data: str) -> str:
    return make_qr(data).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")
