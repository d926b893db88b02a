//! Entity references without a DTD. Real STS files use `&mdash;`, `&deg;`, `&micro;`
//! declared only in an external DTD that is never present (and must never be
//! fetched). We resolve, in order: entities declared in the document's internal
//! subset, the XML predefined ones, then the HTML5 table (a superset of the ISO
//! entity sets STS uses). External entities (`SYSTEM`/`PUBLIC`) are refused, and
//! nested expansion is bounded so that an "entity bomb" fails fast instead of
//! exhausting memory.

use super::entity_table::ENTITIES;
use quick_xml::escape::resolve_predefined_entity;
use std::collections::{HashMap, HashSet};

/// Most characters one document may produce by expanding declared entities.
pub(super) const EXPANSION_LIMIT: usize = 1_000_000;
/// Deepest nesting of entities inside entity values.
const DEPTH_LIMIT: usize = 16;

/// Why an entity reference could not be resolved.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum EntityError {
    Undefined(String),
    External(String),
    Limit,
}

/// Entities known to one document.
#[derive(Debug, Default)]
pub(super) struct Entities {
    internal: HashMap<String, String>,
    external: HashSet<String>,
    expanded: usize,
}

impl Entities {
    /// Reads `<!ENTITY …>` declarations from the text of a `<!DOCTYPE …>`.
    /// Parameter entities are recorded by name only and never expanded.
    pub(super) fn from_doctype(doctype: &str) -> Entities {
        let mut entities = Entities::default();
        let mut rest = doctype;
        while let Some(at) = rest.find("<!ENTITY") {
            rest = &rest[at + "<!ENTITY".len()..];
            let decl_end = rest.find('>').unwrap_or(rest.len());
            let decl = &rest[..decl_end];
            let mut words = decl.trim_start();
            let parameter = words.starts_with('%');
            if parameter {
                words = words[1..].trim_start();
            }
            let name_end = words
                .find(|c: char| c.is_whitespace())
                .unwrap_or(words.len());
            let name = &words[..name_end];
            let value = words[name_end..].trim_start();
            if parameter || name.is_empty() {
                continue;
            }
            if value.starts_with("SYSTEM") || value.starts_with("PUBLIC") {
                entities.external.insert(name.to_string());
            } else if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
                // The declaration may contain '>' inside its quoted value.
                let body = &rest[rest.len() - rest.trim_start().len()..];
                let start = body.find(q).map(|i| i + 1).unwrap_or(0);
                if let Some(len) = body[start..].find(q) {
                    entities
                        .internal
                        .entry(name.to_string())
                        .or_insert_with(|| body[start..start + len].to_string());
                    rest = &body[start + len..];
                    continue;
                }
            }
            rest = &rest[decl_end..];
        }
        entities
    }

    /// Appends the replacement text of `&name;` to `out`.
    pub(super) fn resolve(&mut self, name: &str, out: &mut String) -> Result<(), EntityError> {
        self.resolve_at(name, out, 0)
    }

    fn resolve_at(
        &mut self,
        name: &str,
        out: &mut String,
        depth: usize,
    ) -> Result<(), EntityError> {
        if let Some(value) = self.internal.get(name).cloned() {
            if depth >= DEPTH_LIMIT {
                return Err(EntityError::Limit);
            }
            return self.expand(&value, out, depth + 1);
        }
        if self.external.contains(name) {
            return Err(EntityError::External(name.to_string()));
        }
        if let Some(text) = resolve_predefined_entity(name).or_else(|| html_entity(name)) {
            out.push_str(text);
            return Ok(());
        }
        Err(EntityError::Undefined(name.to_string()))
    }

    /// Expands a declared value, which may itself contain references.
    fn expand(&mut self, value: &str, out: &mut String, depth: usize) -> Result<(), EntityError> {
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            self.push_counted(&rest[..amp], out)?;
            let after = &rest[amp + 1..];
            let Some(semi) = after.find(';') else {
                self.push_counted(&rest[amp..], out)?;
                return Ok(());
            };
            let name = &after[..semi];
            if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                let c = code.and_then(char::from_u32).unwrap_or('\u{FFFD}');
                self.push_counted(c.encode_utf8(&mut [0; 4]), out)?;
            } else {
                let before = out.len();
                self.resolve_at(name, out, depth)?;
                self.expanded += out.len() - before;
                if self.expanded > EXPANSION_LIMIT {
                    return Err(EntityError::Limit);
                }
            }
            rest = &after[semi + 1..];
        }
        self.push_counted(rest, out)
    }

    fn push_counted(&mut self, s: &str, out: &mut String) -> Result<(), EntityError> {
        self.expanded += s.len();
        if self.expanded > EXPANSION_LIMIT {
            return Err(EntityError::Limit);
        }
        out.push_str(s);
        Ok(())
    }
}

/// The HTML5/ISO named character reference `name` (without `&` and `;`).
pub(super) fn html_entity(name: &str) -> Option<&'static str> {
    ENTITIES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| ENTITIES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(e: &mut Entities, name: &str) -> Result<String, EntityError> {
        let mut out = String::new();
        e.resolve(name, &mut out).map(|_| out)
    }

    #[test]
    fn html_and_iso_entities_resolve_without_a_dtd() {
        let mut e = Entities::default();
        assert_eq!(resolve(&mut e, "mdash").unwrap(), "—");
        assert_eq!(resolve(&mut e, "deg").unwrap(), "°");
        assert_eq!(resolve(&mut e, "micro").unwrap(), "µ");
        assert_eq!(resolve(&mut e, "nbsp").unwrap(), "\u{a0}");
        assert_eq!(resolve(&mut e, "Eacute").unwrap(), "É");
        // quick-xml 0.42's own table maps these to wrong code points.
        assert_eq!(resolve(&mut e, "Omega").unwrap(), "Ω");
        assert_eq!(resolve(&mut e, "dstrok").unwrap(), "đ");
        assert_eq!(resolve(&mut e, "plusmn").unwrap(), "±");
        assert_eq!(resolve(&mut e, "amp").unwrap(), "&");
        assert_eq!(
            resolve(&mut e, "nosuch"),
            Err(EntityError::Undefined("nosuch".into()))
        );
    }

    #[test]
    fn internal_subset_entities_expand_recursively() {
        let mut e = Entities::from_doctype(
            r#"standard [ <!ENTITY iec "IEC &num; 60335"> <!ENTITY full "&iec;-1 &gt; x"> ]"#,
        );
        assert_eq!(resolve(&mut e, "full").unwrap(), "IEC # 60335-1 > x");
    }

    #[test]
    fn external_entities_are_refused() {
        let mut e = Entities::from_doctype(r#"x [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]"#);
        assert_eq!(
            resolve(&mut e, "xxe"),
            Err(EntityError::External("xxe".into()))
        );
    }

    #[test]
    fn billion_laughs_hits_the_limit() {
        let mut subset = String::from("x [ <!ENTITY l0 \"lollollollol\">");
        for i in 1..10 {
            let refs = format!("&l{};", i - 1).repeat(10);
            subset.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
        }
        subset.push(']');
        let mut e = Entities::from_doctype(&subset);
        assert_eq!(resolve(&mut e, "l9"), Err(EntityError::Limit));
    }
}
