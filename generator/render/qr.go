package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/yeqown/go-qrcode/v2"
)

// qrSVG draws text (a URL) as a QR code in inline SVG: one path of unit squares with a quiet zone
// of four modules, scaled by CSS. It holds no text but the drawing, so it is deterministic and
// prints sharply at any size.
func qrSVG(text string) (template.HTML, error) {
	code, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return "", err
	}
	var m matrixWriter
	if err := code.Save(&m); err != nil {
		return "", err
	}
	return m.svg, nil
}

type matrixWriter struct{ svg template.HTML }

func (w *matrixWriter) Write(mat qrcode.Matrix) error {
	const quiet = 4
	size := mat.Width() + 2*quiet
	var path strings.Builder
	mat.Iterate(qrcode.IterDirection_ROW, func(x, y int, v qrcode.QRValue) {
		if v.IsSet() {
			fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+quiet, y+quiet)
		}
	})
	w.svg = template.HTML(fmt.Sprintf(`<svg class="qrcode" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="二维码" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		size, size, size, size, path.String()))
	return nil
}

func (w *matrixWriter) Close() error { return nil }
