#!/usr/bin/env bash
# Draws images/icon.png (128x128, the Marketplace wants PNG) with Debian's
# ImageMagick: three services on a dark tile, two allowed edges and one denied.
# Run by hand when the icon changes; the PNG is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
convert -size 128x128 xc:none \
  -fill '#1f3a5f' -draw 'roundrectangle 4,4 123,123 22,22' \
  -stroke '#7fd1ff' -strokewidth 6 -fill none \
  -draw 'line 38,88 64,40' -draw 'line 64,40 90,88' \
  -stroke '#ff6b6b' -strokewidth 6 -draw 'line 46,94 82,94' \
  -stroke none -fill '#ff6b6b' -draw 'polygon 82,86 94,94 82,102' \
  -fill '#ffffff' -stroke '#1f3a5f' -strokewidth 3 \
  -draw 'circle 64,38 64,54' -draw 'circle 34,94 34,108' -draw 'circle 94,94 94,108' \
  -stroke '#ff6b6b' -strokewidth 5 -draw 'line 58,86 70,102' -draw 'line 70,86 58,102' \
  -depth 8 -strip images/icon.png
