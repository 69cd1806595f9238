// Package hugo holds the minimal Hugo theme of the side-by-side benchmark (bench/hugo/run), so
// that the converter (bench/hugo/convert) can write a complete Hugo site from any directory.
package hugo

import "embed"

// Theme is the theme folder: layouts/ and static/.
//
//go:embed all:theme
var Theme embed.FS
