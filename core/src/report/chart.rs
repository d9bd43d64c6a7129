//! Charts as inline SVG, for the HTML report and Jupyter: horizontal stacked
//! bars, one per district, written by hand (a few rectangles and texts need
//! no plotting crate, and the output stays small and self-contained).
//!
//! Readable in black and white: every series has its own fill pattern (solid,
//! hatched, dotted, blank), every segment an outline, and every bar its
//! numbers written beside it, so a grey photocopy says what the colours say.
//! Responsive without scaling the text: bar positions are percentages of the
//! chart's width, while texts keep their size, and each district's name sits
//! on its own line above its bar so a phone-width page has room for it.

use super::html::{esc, id_part};

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Met, certified: solid dark.
    Solid,
    /// Not met, not certified: diagonal hatching.
    Hatched,
    /// No data: dots.
    Dotted,
    /// Not applicable, outside the programme: white, outlined.
    Blank,
}

impl Fill {
    fn key(self) -> &'static str {
        match self {
            Fill::Solid => "solid",
            Fill::Hatched => "hatch",
            Fill::Dotted => "dots",
            Fill::Blank => "blank",
        }
    }
}

/// One series (a status), in legend order.
#[derive(Clone, Debug)]
pub struct Series {
    pub fill: Fill,
    pub label: String,
}

/// One bar: its label, the text written beside it, and one value per series.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value_text: String,
    pub values: Vec<usize>,
}

/// How long a bar is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Every bar is the full width: the parts are shares of the bar's own total.
    Share,
    /// Bars in proportion to their totals: the longest is the full width.
    Count,
}

/// A stacked bar chart.
#[derive(Clone, Debug)]
pub struct Chart {
    /// Unique within the page: prefixes the patterns' ids.
    pub id: String,
    pub title: String,
    pub series: Vec<Series>,
    pub bars: Vec<Bar>,
    pub scale: Scale,
}

const ROW: usize = 40;
const BAR_Y: usize = 20;
const BAR_H: usize = 14;

fn pattern(id: &str, fill: Fill) -> String {
    let pid = format!("{id}-{}", fill.key());
    match fill {
        Fill::Solid => format!("<pattern id=\"{pid}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#1f5130\"/></pattern>"),
        Fill::Hatched => format!(
            "<pattern id=\"{pid}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
             <rect width=\"6\" height=\"6\" fill=\"#fff\"/><rect width=\"2.4\" height=\"6\" fill=\"#b42318\"/></pattern>"
        ),
        Fill::Dotted => format!(
            "<pattern id=\"{pid}\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">\
             <rect width=\"5\" height=\"5\" fill=\"#fff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.1\" fill=\"#7a2e0e\"/></pattern>"
        ),
        Fill::Blank => format!("<pattern id=\"{pid}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" fill=\"#fff\"/></pattern>"),
    }
}

/// A percentage of the chart's width with two places, for SVG coordinates.
fn pct(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "0%".into();
    }
    // Integer arithmetic in hundredths of a percent: exact enough for pixels.
    let hundredths = (part as u128 * 10_000) / whole as u128;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

impl Chart {
    /// The legend (HTML, swatches drawn with the chart's own patterns) and the SVG.
    pub fn html(&self) -> String {
        let id = id_part(&self.id);
        let legend: String = self
            .series
            .iter()
            .map(|s| {
                format!(
                    "<span class=\"ct-key\"><svg width=\"16\" height=\"12\" aria-hidden=\"true\"><rect x=\".5\" y=\".5\" width=\"15\" height=\"11\" fill=\"url(#{id}-{})\" stroke=\"#101828\" stroke-width=\".8\"/></svg>{}</span>",
                    s.fill.key(),
                    esc(&s.label)
                )
            })
            .collect();
        let max_total = self.bars.iter().map(|b| b.values.iter().sum::<usize>()).max().unwrap_or(0);
        let mut body = String::new();
        let mut fills: Vec<Fill> = Vec::new();
        for s in &self.series {
            if !fills.contains(&s.fill) {
                fills.push(s.fill);
            }
        }
        for (i, bar) in self.bars.iter().enumerate() {
            let y = i * ROW;
            let total: usize = bar.values.iter().sum();
            let whole = match self.scale {
                Scale::Share => total,
                Scale::Count => max_total,
            };
            let tooltip: Vec<String> = self.series.iter().zip(&bar.values).filter(|(_, v)| **v > 0).map(|(s, v)| format!("{v} {}", s.label)).collect();
            body.push_str(&format!("<g class=\"ct-bar\"><title>{}: {}</title>", esc(&bar.label), esc(&tooltip.join(", "))));
            body.push_str(&format!("<text x=\"0\" y=\"{}\" class=\"ct-bar-label\">{}</text>", y + 14, esc(&bar.label)));
            body.push_str(&format!("<text x=\"100%\" y=\"{}\" text-anchor=\"end\" class=\"ct-bar-value\">{}</text>", y + 14, esc(&bar.value_text)));
            // The track: the bar's full extent, so an empty or short bar still shows its scale.
            body.push_str(&format!(
                "<rect x=\"0\" y=\"{}\" width=\"100%\" height=\"{BAR_H}\" fill=\"none\" stroke=\"#98a2b3\" stroke-width=\".6\" stroke-dasharray=\"2 2\"/>",
                y + BAR_Y
            ));
            let mut start = 0usize;
            for (s, v) in self.series.iter().zip(&bar.values) {
                if *v == 0 {
                    continue;
                }
                body.push_str(&format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_H}\" fill=\"url(#{id}-{})\" stroke=\"#101828\" stroke-width=\".8\"/>",
                    pct(start, whole),
                    y + BAR_Y,
                    pct(*v, whole),
                    s.fill.key()
                ));
                start += v;
            }
            body.push_str("</g>");
        }
        let height = self.bars.len() * ROW + 2;
        let defs: String = fills.iter().map(|f| pattern(&id, *f)).collect();
        format!(
            "<figure class=\"ct-figure\" id=\"{id}\"><figcaption>{}</figcaption><div class=\"ct-legend\">{legend}</div>\
             <svg class=\"ct-chart\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\
             <defs>{defs}</defs>{body}</svg></figure>",
            esc(&self.title),
            esc(&self.title)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(scale: Scale) -> Chart {
        Chart {
            id: "t".into(),
            title: "Districts <by> share".into(),
            series: vec![Series { fill: Fill::Solid, label: "met".into() }, Series { fill: Fill::Hatched, label: "not met".into() }],
            bars: vec![
                Bar { label: "Hạ Long".into(), value_text: "3/4".into(), values: vec![3, 1] },
                Bar { label: "Cô Tô".into(), value_text: "1/2".into(), values: vec![1, 1] },
            ],
            scale,
        }
    }

    #[test]
    fn bars_are_shares_or_counts_and_every_segment_has_its_pattern() {
        let svg = chart(Scale::Share).html();
        assert!(svg.contains("width=\"75.00%\" height=\"14\" fill=\"url(#t-solid)\""), "{svg}");
        assert!(svg.contains("x=\"75.00%\" y=\"20\" width=\"25.00%\" height=\"14\" fill=\"url(#t-hatch)\""), "{svg}");
        assert!(svg.contains("width=\"50.00%\" height=\"14\" fill=\"url(#t-solid)\""), "{svg}");
        assert!(svg.contains("<pattern id=\"t-solid\"") && svg.contains("<pattern id=\"t-hatch\""));
        assert!(svg.contains("Districts &lt;by&gt; share"));
        // By count, the longest bar (4) is the full width: Cô Tô's 1 is a quarter.
        let svg = chart(Scale::Count).html();
        assert!(svg.contains("y=\"60\" width=\"25.00%\" height=\"14\" fill=\"url(#t-solid)\""), "{svg}");
    }

    #[test]
    fn percentages_are_exact_to_the_hundredth() {
        assert_eq!(pct(1, 3), "33.33%");
        assert_eq!(pct(2, 3), "66.66%");
        assert_eq!(pct(0, 0), "0%");
        assert_eq!(pct(5, 5), "100.00%");
    }
}
