package config

import "gongshi/generator/source"

// Import is one [[import]] table of site.toml: how to read case exports that are not in the
// canonical CSV layout.
type Import struct{}

// checkImports validates the [[import]] tables.
func (c *Config) checkImports(errs *source.List, keys []source.Key, file string) {}
