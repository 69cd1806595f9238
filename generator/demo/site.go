package demo

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Files about the site itself: site.toml and the free pages.

// site.toml is written as text, not through a TOML encoder, so that it reads like a file a
// person maintains, with comments in Chinese.

const (
	siteTitle       = "江北新区沿江街道 12345 热线与议事公示"
	siteDescription = "市民热线工单与社区议事厅会议的公开平台（演示数据为合成数据）"
	privacyK        = 10
	satisfiedWeight = 0.9
	nMin            = 30
)

func siteTOML() string {
	var b strings.Builder
	b.WriteString("# 江北新区沿江街道 12345 热线与议事公示：站点配置。\n")
	b.WriteString("# 本文件由 `go run ./generator demo` 生成；演示数据为合成数据，不对应任何真实个人或工单。\n\n")
	fmt.Fprintf(&b, "title       = %s\n", tomlString(siteTitle))
	fmt.Fprintf(&b, "description = %s\n", tomlString(siteDescription))
	b.WriteString("base_url    = \"https://example.org/\"\n")
	b.WriteString("language    = \"zh-CN\"\n")
	b.WriteString("theme       = [\"default\"]      # 靠前的主题中的文件覆盖靠后主题中的同名文件\n")
	b.WriteString("synthetic   = true             # 显示“演示数据为合成数据”提示\n\n")

	b.WriteString("[build]\n")
	fmt.Fprintf(&b, "date = %s              # 构建时的“今天”，可用 --now 覆盖\n\n", buildDate.Format("2006-01-02"))

	b.WriteString("# 行政区划：新区—街道—社区—网格。\n")
	b.WriteString("[district]\n")
	fmt.Fprintf(&b, "name = %s\n", tomlString(districtName))
	fmt.Fprintf(&b, "slug = %s\n\n", tomlString(districtSlug))
	b.WriteString("[[district.streets]]\n")
	fmt.Fprintf(&b, "name = %s\n", tomlString(streetName))
	fmt.Fprintf(&b, "slug = %s\n", tomlString(streetSlug))
	for _, c := range communities {
		b.WriteString("\n  [[district.streets.communities]]\n")
		fmt.Fprintf(&b, "  name  = %s\n", tomlString(c.name))
		fmt.Fprintf(&b, "  slug  = %s\n", tomlString(c.slug))
		fmt.Fprintf(&b, "  grids = %s\n", tomlStrings(c.gridNames()))
	}

	b.WriteString("\n# 诉求类别：一级分类及其二级分类。\n")
	for _, c := range categories {
		names := make([]string, len(c.subs))
		for i, s := range c.subs {
			names[i] = s.name
		}
		b.WriteString("\n[[categories]]\n")
		fmt.Fprintf(&b, "name          = %s\n", tomlString(c.name))
		fmt.Fprintf(&b, "slug          = %s\n", tomlString(c.slug))
		fmt.Fprintf(&b, "subcategories = %s\n", tomlStrings(names))
		if c.sensitive {
			b.WriteString("sensitive     = true  # 涉及低保救助等敏感信息：只做汇总统计，不逐件公示\n")
		}
	}

	b.WriteString("\n# 隐私保护：街道以下层级，小于 k 的计数显示为 ×；发现个人信息时拒绝构建（refuse）。\n")
	b.WriteString("[privacy]\n")
	fmt.Fprintf(&b, "k = %d\n", privacyK)
	b.WriteString("mode = \"refuse\"\n")
	b.WriteString("case_ids = \"hashed\"  # 公开工单编号的密钥哈希，而不是含受理日期的原始编号\n")
	b.WriteString("case_id_key_file = \"demo-case-id.key\"  # 仅演示用：真实站点的密钥文件放在仓库之外，或用环境变量 GONGSHI_CASE_ID_KEY\n")
	b.WriteString("public_numbers = [\"025-12345\"]\n")
	b.WriteString("ticket_number_regex = ['^20\\d{11}$']  # 工单编号：受理日期加 5 位序号\n\n")
	b.WriteString("# 统计口径：满意率中“基本满意”按权重计入；有效回访少于 n_min 件的社区不参与排名。\n")
	b.WriteString("[stats]\n")
	fmt.Fprintf(&b, "basically_satisfied_weight = %.1f\n", satisfiedWeight)
	fmt.Fprintf(&b, "n_min = %d\n", nMin)
	b.WriteString("\n# 开放数据（public/data/）的许可协议，写入 data/datapackage.json。\n")
	b.WriteString("[data]\n")
	b.WriteString("licence     = \"CC-BY-4.0\"\n")
	b.WriteString("licence_url = \"https://creativecommons.org/licenses/by/4.0/\"\n")
	return b.String()
}

// Free pages: about (关于本站) and methodology (统计口径).

const aboutBody = `本站公开江北新区沿江街道 12345 市民热线工单和社区议事厅会议的情况：居民反映了什么、问题怎样解决、三率（响应率、解决率、满意率）如何计算，以及各议事厅下一次什么时候开会。

## 演示数据是合成的

本站当前展示的全部工单、议事厅会议纪要和统计数字都是**合成数据**，由程序按固定随机种子生成，不对应任何真实的个人、来电或工单。数据的结构和量级参照公开报道中江北新区推动“热线进小区”的做法：沿江街道下辖 11 个社区，龙山社区的海棠议事厅、百润社区的小圆桌议事会、水城社区 2022 年 3 月启用的“沿之有你”12345有请当事人议事厅、新化社区的安居议事会，以及联席会办、现场会办、有请当事人会办和云上会办等办理方式。其余社区和议事厅的名称为虚构。

## 数据从哪里来

- **工单**：来自 12345 热线、睦邻邻里群、网格巡查和议事厅接待四个渠道，按年度导出。来电人姓名和电话在导入时即被删除，不进入本站。
- **议事厅与会议**：每个议事厅一份介绍；每次会议一份文件，会前是会议通知，会后补充会议纪要和商定事项。
- **统计**：按“统计口径”页面说明的规则计算。

## 隐私保护

本站只公开到楼栋一级，不公开单元和门牌；会议纪要只写参会角色和单位，不写个人姓名；街道以下层级的小计数以 × 代替。
`

const methodologyBody = `本页说明本站统计数字的计算方法。

## 有效回访

工单办结后，热线对诉求人进行回访。回访联系上诉求人并得到回答的，称为**有效回访**。下面三个比率都以有效回访的工单数为分母。

## 三率

- **响应率** = 诉求人确认被及时联系的工单数 ÷ 有效回访工单数。
- **解决率** = 诉求人表示问题已解决的工单数 ÷ 有效回访工单数。
- **满意率** = （“满意”工单数 + %.1f × “基本满意”工单数）÷ 有满意度答复的有效回访工单数。“基本满意”按 %.1f 的权重计入；同时公布**严格满意率** = “满意”工单数 ÷ 有满意度答复的有效回访工单数，不计“基本满意”。

## 办结率与办理时长

- **办结率** = 已办结工单数（办理状态为已解决或未解决）÷ 受理工单数（不含诉求人撤回的工单）。
- **办理时长**：从受理时间到办结时间，以天计，公布**中位数**和**第 90 百分位数**，只统计已办结的工单。

## 小数字保护

街道以下层级（社区、网格）的计数小于 %[3]d 时显示为 ×，避免从小计数反推出具体的人和事；比率的分子、分母或两者之差小于 %[3]d 时，比率也显示为 ×，因为它能推算出被隐去的小数字。零照常显示为 0。有效回访少于 %[4]d 件的社区不参与三率排名。

## 哪些工单有单独页面

- **已解决**的工单有单独的公开页面，展示诉求摘要和办理结果（经过隐私检查）。
- **已受理、办理中、未解决、已撤回**的工单只计入统计数字，不单独公开。
- **敏感类别**（如涉及低保救助的社会保障类）的工单一律只做汇总统计，不单独公开。
- 同一社区、同一月份、同一类别的公开工单少于 5 件时，这些工单只显示受理和办结的**季度**；按季度仍少于 5 件的，只计入统计数字。
- 工单页面只公开月份（或季度），不公开具体日期、时间和网格。

## 口径说明

工单按受理时间归入年份和月份；通过议事会办理的工单，以会议纪要中商定事项的落实情况为准。本站演示数据为合成数据，数字仅用于说明口径。
`

func writePages(dir string) error {
	about := "+++\ntitle  = \"关于本站\"\nslug   = \"about\"\nweight = 1\n+++\n" + aboutBody
	if err := writeFile(filepath.Join(dir, "about.md"), about); err != nil {
		return err
	}
	method := "+++\ntitle  = \"统计口径\"\nslug   = \"methodology\"\nweight = 2\n+++\n" +
		fmt.Sprintf(methodologyBody, satisfiedWeight, satisfiedWeight, privacyK, nMin)
	return writeFile(filepath.Join(dir, "methodology.md"), method)
}
