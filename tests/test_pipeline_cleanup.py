"""Scan clean-up, step by step, on rendered pages (no OCR)."""

import dataclasses
import re

import numpy as np
import pytest
from PIL import Image, ImageDraw

from chidao.pipeline.cleanup import clean_page
from tests.render_pages import degrade, directive_pages


@pytest.fixture(scope="module")
def page():
    return directive_pages(1, seed=3)[0]


def test_clean_upright_page_is_only_stripped_of_coloured_ink(page):
    cleaned = clean_page(page.image, dpi=300, target_dpi=300)
    assert cleaned.steps == ["remove coloured ink"]
    assert cleaned.pixels.shape == (page.image.height, page.image.width)


def test_skewed_low_resolution_scan_is_resampled_and_deskewed(page):
    scan = degrade(page, seed=1, rotate=2.0, blur=0, noise=0, jpeg_quality=90, dpi=200)
    cleaned = clean_page(scan.image, dpi=200, target_dpi=300)
    assert "resample 200→300 dpi" in cleaned.steps
    angle = [float(m.group(1)) for s in cleaned.steps if (m := re.match(r"deskew ([-+.\d]+)", s))]
    assert angle and abs(abs(angle[0]) - 2.0) <= 0.2
    assert abs(cleaned.pixels.shape[1] - scan.image.width * 1.5) <= 2


def test_resolution_is_guessed_from_an_a4_page_without_metadata(page):
    small = page.image.resize((1240, 1754))          # A4 at 150 dpi, no dpi recorded
    assert "resample 150→300 dpi" in clean_page(small, dpi=None, target_dpi=300).steps


def test_uneven_lighting_is_flattened(page):
    pixels = np.asarray(page.image).astype(np.float32)
    shade = np.linspace(0.5, 1.0, pixels.shape[1])[None, :, None]
    shaded = Image.fromarray((pixels * shade).astype(np.uint8))
    cleaned = clean_page(shaded, dpi=300, target_dpi=300)
    assert "flatten lighting" in cleaned.steps
    paper = cleaned.pixels[cleaned.pixels > 128]
    assert np.percentile(paper, 5) > 200


def test_stamp_and_signature_go_but_black_text_and_diacritics_over_them_stay():
    # Inks multiply like on paper: black over red stays black, blue over red turns near-black.
    from PIL import ImageChops

    def layer(draw_on):
        img = Image.new("RGB", (600, 400), "white")
        draw_on(ImageDraw.Draw(img))
        return img

    text = layer(lambda d: (d.rectangle([100, 100, 300, 140], fill="black"),     # a word
                            d.rectangle([180, 55, 190, 70], fill="black")))      # a diacritic
    stamp = layer(lambda d: d.ellipse([60, 60, 360, 360], outline=(205, 30, 40), width=12))
    signature = layer(lambda d: d.line([(20, 210), (580, 210)], fill=(30, 40, 150), width=7))
    image = ImageChops.multiply(ImageChops.multiply(text, stamp), signature)
    assert max(image.getpixel((66, 210))) < 40     # the crossing really is near-black
    cleaned = clean_page(image, dpi=300, target_dpi=300).pixels
    assert cleaned[120, 200] < 50                  # text under the stamp kept
    assert cleaned[62, 185] < 50                   # diacritic on the stamp's rim kept
    assert cleaned[210, 500] > 200                 # signature gone
    assert cleaned[205:216, 60:73].min() > 200     # where signature crosses the rim: gone
    assert cleaned[354, 210] > 200                 # stamp rim gone


def test_transparent_and_16_bit_images_become_paper_white():
    rgba = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).rectangle([20, 20, 60, 60], fill=(0, 0, 0, 255))
    pixels = clean_page(rgba, dpi=300, target_dpi=300).pixels
    assert pixels[80, 150] == 255 and pixels[40, 40] == 0
    wide = Image.fromarray((np.full((100, 200), 60000, dtype=np.uint16)))
    wide.paste(1000, (20, 20, 60, 60))
    pixels = clean_page(wide, dpi=300, target_dpi=300).pixels
    assert pixels[80, 150] > 200 and pixels[40, 40] < 50
