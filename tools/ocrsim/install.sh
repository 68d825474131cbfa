#!/usr/bin/env bash
# Install what the OCR damage simulator needs (Debian): Tesseract with
# non-Vietnamese models, the FreeSerif font (has Vietnamese glyphs), Pillow.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu \
    fonts-freefont-ttf
python3 -m pip install --quiet Pillow
tesseract --version | head -1
tesseract --list-langs
test -f /usr/share/fonts/truetype/freefont/FreeSerif.ttf
python3 -c 'import PIL; print("Pillow", PIL.__version__)'
