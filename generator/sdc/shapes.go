package sdc

import (
	"errors"
	"fmt"
)

// Node is a value of a classification, broken down by its Children: a district into streets,
// communities and grids; a category into subcategories; a year into quarters and months. The
// root of a classification is its total. A root with a zero Coord is left out of the cell IDs
// (all categories); a root with a Coord names the total (district=jiangbei, period=2022), which
// keeps IDs of different periods apart.
type Node struct {
	Coord     Coord
	Level     Level // geography level; a cell's level is the finest level among its nodes
	Sensitive bool  // a sensitive category: its cells use at least SensitiveK
	Children  []*Node
}

// Leaf is a node without children.
func Leaf(dim, val string) *Node { return &Node{Coord: C(dim, val)} }

// Tree is a node with children.
func Tree(c Coord, children ...*Node) *Node { return &Node{Coord: c, Children: children} }

// Flat is a classification with one level: a total left out of IDs over the leaves dim=v.
func Flat(dim string, values ...string) *Node {
	n := &Node{}
	for _, v := range values {
		n.Children = append(n.Children, Leaf(dim, v))
	}
	return n
}

// Table describes a table of counts crossed by classifications, with every total: for two flat
// classifications, the rows and columns, the row and column totals and the grand total.
type Table struct {
	Base  []Coord // coordinates every cell shares, such as period=2022
	Dims  []*Node // the classifications crossed
	Level Level   // the level of cells none of whose nodes has one (District for a district-wide table)
	// Count gives the count of an interior cell: one leaf per classification, in Dims order.
	// Totals are computed as sums, so the equations hold by construction.
	Count func(leaves []*Node) int
	// Callers, if set, gives the number of distinct callers of any cell (one node per
	// classification), or 0 when unknown (SPEC §7.1 caller dominance).
	Callers func(nodes []*Node) int
}

// AddTable adds the cells of t and an equation for every total: along each classification,
// each node equals the sum of its children, whatever the nodes of the other classifications.
func (r *Release) AddTable(t Table) error {
	if len(t.Dims) == 0 || t.Count == nil {
		return errors.New("sdc: table without classifications or Count")
	}
	dims := make([][]*Node, len(t.Dims)) // nodes of each classification, children first
	childIdx := make([]map[*Node]int, len(t.Dims))
	for d, root := range t.Dims {
		if root == nil {
			return fmt.Errorf("sdc: classification %d is nil", d)
		}
		childIdx[d] = map[*Node]int{}
		var walk func(n *Node) error
		walk = func(n *Node) error {
			if _, dup := childIdx[d][n]; dup {
				return errors.New("sdc: a node appears twice in a classification")
			}
			if !validCoord(n.Coord) && (n != root || n.Coord != (Coord{})) {
				return fmt.Errorf("sdc: bad coordinate %q=%q (no empty dimension, no | or =)", n.Coord.Dim, n.Coord.Val)
			}
			for _, c := range n.Children {
				if err := walk(c); err != nil {
					return err
				}
			}
			childIdx[d][n] = len(dims[d])
			dims[d] = append(dims[d], n)
			return nil
		}
		if err := walk(root); err != nil {
			return err
		}
	}
	for _, c := range t.Base {
		if !validCoord(c) {
			return fmt.Errorf("sdc: bad base coordinate %q=%q", c.Dim, c.Val)
		}
	}
	// Cells in mixed radix, the last classification fastest. A child's index is below its
	// parent's, so a total is computed after all its parts.
	size := 1
	for _, ns := range dims {
		size *= len(ns)
	}
	radix := make([]int, len(dims))
	for d, step := len(dims)-1, 1; d >= 0; d-- {
		radix[d] = step
		step *= len(dims[d])
	}
	values := make([]int, size)
	ids := make([]CellID, size)
	digits := make([]int, len(dims))
	nodes := make([]*Node, len(dims))
	for i := range size {
		rest, total := i, -1
		level, sensitive := Unspecified, false
		coords := append([]Coord(nil), t.Base...)
		for d := range dims {
			digits[d], rest = rest/radix[d], rest%radix[d]
			n := dims[d][digits[d]]
			nodes[d] = n
			if len(n.Children) > 0 && total < 0 {
				total = d
			}
			if n.Level != Unspecified && (level == Unspecified || n.Level < level) {
				level = n.Level
			}
			sensitive = sensitive || n.Sensitive
			coords = append(coords, n.Coord)
		}
		if level == Unspecified {
			level = t.Level
		}
		if dup := duplicateDim(coords); dup != "" {
			return fmt.Errorf("sdc: dimension %q appears twice in a cell of the table", dup)
		}
		ids[i] = ID(coords...)
		if ids[i] == "" {
			return errors.New("sdc: the grand total has no ID: give the table a Base coordinate or name a root")
		}
		if total < 0 {
			values[i] = t.Count(nodes)
			if values[i] < 0 {
				return fmt.Errorf("sdc: negative count for %s", ids[i])
			}
		} else {
			for _, ch := range nodes[total].Children {
				values[i] += values[i+(childIdx[total][ch]-digits[total])*radix[total]]
			}
		}
		c := Cell{ID: ids[i], Value: values[i], Level: level, Sensitive: sensitive}
		if t.Callers != nil {
			c.Callers = t.Callers(nodes)
		}
		if err := r.Add(c); err != nil {
			return err
		}
		// One equation per classification in which this cell is a total.
		for d := range dims {
			n := nodes[d]
			if len(n.Children) == 0 {
				continue
			}
			parts := make([]CellID, 0, len(n.Children))
			for _, ch := range n.Children {
				parts = append(parts, ids[i+(childIdx[d][ch]-digits[d])*radix[d]])
			}
			if err := r.AddEquation(ids[i], parts...); err != nil {
				return err
			}
		}
	}
	return nil
}

func duplicateDim(coords []Coord) string {
	seen := map[string]bool{}
	for _, c := range coords {
		if c.Dim == "" {
			continue
		}
		if seen[c.Dim] {
			return c.Dim
		}
		seen[c.Dim] = true
	}
	return ""
}

// AddTable2D adds a rows × columns table with row totals, column totals and the grand total;
// count gives the interior cells.
func (r *Release) AddTable2D(base []Coord, rows, cols *Node, count func(row, col Coord) int) error {
	return r.AddTable(Table{Base: base, Dims: []*Node{rows, cols},
		Count: func(l []*Node) int { return count(l[0].Coord, l[1].Coord) }})
}

// AddHierarchy adds a tree of counts in which every node is the sum of its children; count
// gives the leaves.
func (r *Release) AddHierarchy(base []Coord, root *Node, count func(leaf Coord) int) error {
	return r.AddTable(Table{Base: base, Dims: []*Node{root},
		Count: func(l []*Node) int { return count(l[0].Coord) }})
}
