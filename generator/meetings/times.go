package meetings

import (
	"fmt"
	"time"

	"gongshi/generator/config"
)

// localTime is a front-matter date-time: a TOML local date-time read as wall-clock time in
// Asia/Shanghai whatever the machine's time zone, or a date-time with an offset (kept as that
// instant). A local date alone means the start of that day.
type localTime struct {
	t   time.Time
	bad string
}

// UnmarshalTOML reads the value; a bad one is kept for the loader to report with its line.
func (l *localTime) UnmarshalTOML(v any) error {
	*l = localTime{}
	t, ok := v.(time.Time)
	if !ok {
		l.bad = fmt.Sprintf("%v is not a date-time: write it as 2022-08-18T14:30:00", v)
		return nil
	}
	loc := config.Location()
	switch zone, _ := t.Zone(); zone {
	case "datetime-local", "date-local":
		l.t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
	case "time-local":
		l.bad = fmt.Sprintf("%s is a time without a date: write 2022-08-18T%s", t.Format("15:04:05"), t.Format("15:04:05"))
	default:
		l.t = t.In(loc)
	}
	return nil
}

// localDate is a front-matter date (2022-09-01), the start of that day in Asia/Shanghai.
type localDate = localTime
