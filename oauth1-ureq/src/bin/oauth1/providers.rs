//! `oauth1 providers`: the presets `--provider` takes, what each needs, and its signing rules.

use oauth1_core::{BodyHash, Compat, Placement, Preset, PresetInput};

use crate::Failure;

/// Prints the presets: name, what each needs, and its signing rules.
pub(crate) fn providers() -> Result<(), Failure> {
    out!(
        "{:<19} {:<14} {:<12} {:<7} notes",
        "provider",
        "needs",
        "method",
        "params"
    );
    for preset in Preset::ALL {
        let needs = match preset.input() {
            PresetInput::BaseUrl => "--base-url",
            PresetInput::AccountId => "--account-id",
            _ => "",
        };
        let input = match preset.input() {
            PresetInput::BaseUrl => Some("https://service.example.com"),
            PresetInput::AccountId => Some("123456"),
            _ => None,
        };
        // The example inputs are valid: a preset that refuses one is a bug to show, not to skip.
        let provider = preset
            .provider(input)
            .map_err(|e| Failure::Refused(format!("preset {preset}: {e}")))?;
        let rules = provider.rules();
        let mut notes = Vec::new();
        match provider.flow() {
            None => notes.push("no 3-legged flow".to_owned()),
            Some(flow) => match flow.rules.placement {
                Some(Placement::Body) if rules.placement != Placement::Body => {
                    notes.push("token requests in the form body".to_owned());
                }
                Some(Placement::Query) if rules.placement != Placement::Query => {
                    notes.push("token requests in the query".to_owned());
                }
                _ => {}
            },
        }
        if let Some(realm) = &rules.realm {
            notes.push(if preset == Preset::NetSuite {
                "realm = account id".to_owned()
            } else {
                format!("realm=\"{realm}\"")
            });
        }
        if !rules.version {
            notes.push("no oauth_version".to_owned());
        }
        if rules.multipart_fields {
            notes.push("multipart text fields signed".to_owned());
        }
        match rules.body_hash {
            BodyHash::Sha256Always => notes.push("SHA-256 body hash".to_owned()),
            BodyHash::Sha1Extension => notes.push("SHA-1 body hash".to_owned()),
            _ => {}
        }
        match rules.compat {
            Compat::Mastercard => notes.push("Mastercard base string".to_owned()),
            Compat::WooCommerce => notes.push("PHP's reading of a[b] and a[]".to_owned()),
            Compat::Magento => notes.push("PHP's natural name order".to_owned()),
            _ => {}
        }
        let placement = match rules.placement {
            Placement::Query => "query",
            Placement::Body => "body",
            _ => "header",
        };
        out!(
            "{:<19} {:<14} {:<12} {:<7} {}",
            preset.name(),
            needs,
            rules.method.as_str(),
            placement,
            notes.join(", ")
        );
    }
    Ok(())
}
