//! Writing HTML by hand, safely: every text that comes from data (names,
//! explanations, file names) is escaped here, and a rounded number carries
//! its exact value in a `title`, one hover away.

/// Text made safe for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text made safe inside a CSS string literal written in a `<style>` element.
pub fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as people read it, with its exact value as a tooltip when that
/// says more than what is shown.
pub fn num(shown: &str, exact: Option<&str>) -> String {
    match exact {
        Some(x) if x != shown && !x.is_empty() => format!("<span class=\"ct-num\" title=\"{}\">{}</span>", esc(x), esc(shown)),
        _ => format!("<span class=\"ct-num\">{}</span>", esc(shown)),
    }
}

/// An element with a class and already-built inner HTML.
pub fn el(tag: &str, class: &str, inner: &str) -> String {
    if class.is_empty() {
        format!("<{tag}>{inner}</{tag}>")
    } else {
        format!("<{tag} class=\"{}\">{inner}</{tag}>", esc(class))
    }
}

/// A cell id or class part from a document or unit id: letters, digits, '-' and '_' only.
pub fn id_part(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_break_out_of_html_or_css() {
        assert_eq!(esc("<b>\"Hà\" & 'Long'</b>"), "&lt;b&gt;&quot;Hà&quot; &amp; &#39;Long&#39;&lt;/b&gt;");
        assert_eq!(css_string("a\"b</style>"), "\"a\\\"b\\3C /style>\"");
        assert_eq!(num("94,92%", Some("5600/59 ≈ 94,9152542373%")), "<span class=\"ct-num\" title=\"5600/59 ≈ 94,9152542373%\">94,92%</span>");
        assert_eq!(num("12", Some("12")), "<span class=\"ct-num\">12</span>");
        assert_eq!(id_part("nq314.crime x"), "nq314-crime-x");
    }
}
