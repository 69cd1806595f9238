package render

import (
	"gongshi/generator/meetings"
	"gongshi/generator/site"
)

// eventJSONLD is a meeting as a schema.org Event, for search engines and calendar tools. The
// template writes it into <script type="application/ld+json">, where html/template encodes it
// as JSON.
func eventJSONLD(s *site.Site, m *site.Meeting) map[string]any {
	status := "https://schema.org/EventScheduled"
	switch m.Status {
	case meetings.Cancelled:
		status = "https://schema.org/EventCancelled"
	case meetings.Postponed:
		status = "https://schema.org/EventPostponed"
		if !m.PostponedTo.IsZero() {
			status = "https://schema.org/EventRescheduled"
		}
	}
	ev := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "Event",
		"name":                m.Title,
		"startDate":           m.When().Format("2006-01-02T15:04:05-07:00"),
		"eventStatus":         status,
		"eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
		"url":                 abs(s, m.URL),
		"location": map[string]any{
			"@type": "Place", "name": m.Hall.Name,
			"address": map[string]any{"@type": "PostalAddress", "streetAddress": m.Hall.Address,
				"addressLocality": m.Hall.Community.Name, "addressRegion": s.District, "addressCountry": "CN"},
		},
		"organizer": map[string]any{"@type": "Organization", "name": m.Hall.Community.Name, "url": abs(s, m.Hall.Community.URL)},
	}
	if m.Kind == meetings.CloudMeeting {
		ev["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
		ev["location"] = map[string]any{"@type": "VirtualLocation", "url": abs(s, m.URL)}
	}
	if !m.End.IsZero() {
		ev["endDate"] = m.When().Add(m.End.Sub(m.Start)).Format("2006-01-02T15:04:05-07:00")
	}
	if m.Status == meetings.Postponed && !m.PostponedTo.IsZero() {
		ev["previousStartDate"] = m.Start.Format("2006-01-02T15:04:05-07:00")
	}
	return ev
}
