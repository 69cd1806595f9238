package cases

import (
	"encoding/csv"
	"errors"
	"io"
)

// csvReader reads a UTF-8 CSV export with a header row.
type csvReader struct {
	r *csv.Reader
}

func newCSV(r io.Reader) *csvReader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked against the header with a better message
	cr.ReuseRecord = true
	return &csvReader{r: cr}
}

func (c *csvReader) Header() ([]string, error) {
	h, err := c.r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("the file is empty: it needs a header row")
		}
		return nil, err
	}
	return append([]string(nil), h...), nil
}

func (c *csvReader) Next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, pe.StartLine, errors.New(pe.Err.Error() + ": check the quotes in this row")
		}
		return nil, 0, err
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}
