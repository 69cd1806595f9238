package render

import (
	"time"

	"gongshi/generator/site"
)

// Citation is what the "cite this figure" box of a statistics page says of a figure: the figure
// with its period and definition, and what makes it checkable: its permalink on the page (the
// site's base_url, the page's path and the figure's id), the data version of the open data it is
// a row of (data/stats.json, same id) and the build date.
type Citation struct {
	site.Figure
	Permalink string
	Version   string
	Built     time.Time
}

// Cites returns the citations of figures shown on p.
func (p *Page) Cites(figures []site.Figure) []Citation {
	out := make([]Citation, len(figures))
	for i, f := range figures {
		out[i] = Citation{Figure: f, Permalink: abs(p.Site, p.URL) + "#" + f.ID, Version: p.Site.Data.Version, Built: p.Site.Now}
	}
	return out
}
