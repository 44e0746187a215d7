//! `oauth1 profiles`: the saved profiles listed (never a secret), one removed, or the default picked.

use clap::{Args, Subcommand};

use crate::Failure;
use crate::store::Store;

/// `oauth1 profiles`' action.
#[derive(Args)]
pub(crate) struct ProfilesArgs {
    #[command(subcommand)]
    action: Option<ProfilesAction>,
}

#[derive(Subcommand)]
enum ProfilesAction {
    /// List the saved profiles (the default marked with `*`); never a secret.
    List,
    /// Remove one profile.
    Remove {
        /// The profile's name.
        name: String,
    },
    /// Make one profile the default.
    Default {
        /// The profile's name.
        name: String,
    },
}

/// Lists, removes or picks the default among the saved profiles.
pub(crate) fn profiles(args: &ProfilesArgs) -> Result<(), Failure> {
    let mut store = Store::load().map_err(Failure::File)?;
    match &args.action {
        None | Some(ProfilesAction::List) => {
            if store.profiles.is_empty() {
                out!("no profiles saved (authorize --save NAME saves one)");
            }
            for (name, profile) in &store.profiles {
                let mark = if store.default.as_deref() == Some(name) {
                    "*"
                } else {
                    " "
                };
                let base = profile
                    .provider
                    .flow()
                    .map(|flow| flow.request_token.url.as_str())
                    .or(profile.provider.api_base())
                    .unwrap_or_default();
                out!(
                    "{mark} {name:<16} {:<12} consumer {}  token {}  {base}",
                    profile.provider.name(),
                    profile.consumer_key,
                    profile.token
                );
            }
            Ok(())
        }
        Some(ProfilesAction::Remove { name }) => {
            if store.profiles.remove(name).is_none() {
                return Err(Failure::usage(format!("{name}: no such profile")));
            }
            if store.default.as_deref() == Some(name.as_str()) {
                store.default = None;
            }
            store.save().map_err(Failure::Refused)?;
            out!("removed profile {name}");
            Ok(())
        }
        Some(ProfilesAction::Default { name }) => {
            if !store.profiles.contains_key(name) {
                return Err(Failure::usage(format!("{name}: no such profile")));
            }
            store.default = Some(name.clone());
            store.save().map_err(Failure::Refused)?;
            out!("default profile: {name}");
            Ok(())
        }
    }
}
