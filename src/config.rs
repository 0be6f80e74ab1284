//! Process settings, layered: defaults < config file < environment < flags.
//!
//! Setting names are upstream's environment variable names (`WEBUI_NAME`,
//! `ENABLE_SIGNUP`, ...). The config file is TOML with the same names in
//! lower case (`webui_name = "My owui"`). Admin-editable settings live in the
//! database config store (`core::configs`), which takes over from these
//! values after the first start, as upstream does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Default,
    File,
    Env,
    Flag,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "file",
            Source::Env => "env",
            Source::Flag => "flag",
        }
    }
}

/// One known setting.
pub struct Setting {
    pub name: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

macro_rules! settings {
    ($($name:literal = $default:literal : $help:literal;)*) => {
        /// Every setting owui reads from its environment.
        pub static SETTINGS: &[Setting] = &[$(Setting { name: $name, default: $default, help: $help }),*];
    };
}

settings! {
    "DATA_DIR" = "" : "directory holding the database and secret key (default: the platform data dir)";
    "HOST" = "0.0.0.0" : "address `owui serve` listens on";
    "PORT" = "8080" : "port `owui serve` listens on";
    "FRONTEND_DIR" = "" : "directory of a built single-page app to serve at /";
    "WEBUI_SECRET_KEY" = "" : "key signing session tokens (generated and kept in the data dir when empty)";
    "WEBUI_NAME" = "Open WebUI" : "name shown by the frontend";
    "WEBUI_URL" = "" : "public URL of this server";
    "WEBUI_AUTH" = "true" : "require sign-in";
    "ENABLE_SIGNUP" = "true" : "allow sign-up (first start default)";
    "ENABLE_LOGIN_FORM" = "true" : "show the login form (first start default)";
    "ENABLE_PASSWORD_AUTH" = "true" : "allow email and password sign-in";
    "ENABLE_INITIAL_ADMIN_SIGNUP" = "false" : "allow the first sign-up even when the login form is off";
    "DEFAULT_USER_ROLE" = "pending" : "role of new sign-ups (first start default)";
    "DEFAULT_LOCALE" = "" : "default UI locale";
    "JWT_EXPIRES_IN" = "4w" : "session token lifetime, e.g. 4w, 1d12h; -1 or 0 for none (first start default)";
    "ENABLE_API_KEYS" = "false" : "allow sk- API keys (first start default)";
    "FORWARDED_ALLOW_IPS" = "127.0.0.1,::1" : "proxies whose X-Forwarded-For names the client (comma-separated addresses or networks like 10.0.0.0/8, * for any, empty for none)";
    "CORS_ALLOW_ORIGIN" = "*" : "origins allowed to read answers, separated by ';': listed ones with credentials, '*' any without";
    "HEADER_READ_TIMEOUT" = "30" : "seconds a connection has to send a request's headers before it is closed; 0 for no limit";
    "REQUEST_TIMEOUT" = "60" : "seconds a request may take before a 408, except streamed answers, model calls and uploads; 0 for no limit";
    "CUSTOM_API_KEY_HEADER" = "x-api-key" : "header carrying an API key";
    "WEBUI_AUTH_COOKIE_SECURE" = "false" : "mark the token cookie Secure";
    "WEBUI_AUTH_COOKIE_SAME_SITE" = "lax" : "SameSite of the token cookie";
    "PASSWORD_HASH_ALGORITHM" = "bcrypt" : "bcrypt or argon2, for new passwords";
    "BCRYPT_ROUNDS" = "12" : "bcrypt cost for new passwords (4-31)";
    "ENABLE_PASSWORD_VALIDATION" = "false" : "check new passwords against PASSWORD_VALIDATION_REGEX_PATTERN";
    "PASSWORD_VALIDATION_HINT" = "" : "message shown when a password fails validation";
    "ENABLE_PERSISTENT_CONFIG" = "true" : "keep admin settings in the database";
    "DEPLOYMENT_ID" = "" : "deployment id reported by /api/version";
    "WEBSOCKET_HEARTBEAT_INTERVAL" = "" : "client heartbeat period in seconds (5-90)";
    "ENABLE_WEBSOCKET_SUPPORT" = "true" : "let clients use the websocket transport";
    "WEBUI_ADMIN_EMAIL" = "" : "create this admin at start when there are no users";
    "WEBUI_ADMIN_PASSWORD" = "" : "password of WEBUI_ADMIN_EMAIL";
    "WEBUI_ADMIN_NAME" = "Admin" : "name of WEBUI_ADMIN_EMAIL";
    "BYPASS_ADMIN_ACCESS_CONTROL" = "true" : "admins see every shared resource";
    "BYPASS_MODEL_ACCESS_CONTROL" = "false" : "every user may see and use every model";
    "ENABLE_KNOWLEDGE_FILE_RETENTION" = "false" : "keep files removed from a knowledge base instead of deleting them";
    "ENABLE_PUBLIC_ACTIVE_USERS_COUNT" = "true" : "let every user see the active user count";
    "ENABLE_ADMIN_EXPORT" = "true" : "let admins export data";
    "ENABLE_ADMIN_CHAT_ACCESS" = "true" : "let admins read users' chats";
    "ENABLE_ADMIN_ANALYTICS" = "true" : "show admin analytics";
    "CONTEXT_COMPACTION_TOKEN_THRESHOLD" = "80000" : "chat tokens before context compaction (first start default)";
    "CONTEXT_COMPACTION_RETENTION_PERCENTAGE" = "40" : "share of the context kept by compaction, 10-50 (first start default)";
    "DEFAULT_GROUP_SHARE_PERMISSION" = "members" : "who may share with a new group: true, false or members";
    "ENABLE_PROFILE_IMAGE_URL_FORWARDING" = "true" : "redirect to http(s) profile images";
    "DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL" = "60" : "seconds between last_active_at writes per user";
    "SQLITE_SYNCHRONOUS" = "full" : "full: an acknowledged write is on disk before the answer; normal: faster writes, the last ones may be lost on a power loss";
    "GRACEFUL_SHUTDOWN_TIMEOUT" = "10" : "seconds owui serve takes to stop on SIGTERM: answers being written are saved, then open connections are closed";
    "ENABLE_OPENAI_API" = "true" : "use OpenAI-compatible connections (first start default)";
    "OPENAI_API_BASE_URL" = "https://api.openai.com/v1" : "OpenAI-compatible base URL (first start default)";
    "OPENAI_API_BASE_URLS" = "" : "several OpenAI-compatible base URLs, separated by ';' (first start default)";
    "OPENAI_API_KEY" = "" : "key of OPENAI_API_BASE_URL (first start default)";
    "OPENAI_API_KEYS" = "" : "keys of OPENAI_API_BASE_URLS, separated by ';' (first start default)";
    "OPENAI_API_CONFIGS" = "" : "per-connection settings as JSON, keyed by index (first start default)";
    "ENABLE_OLLAMA_API" = "true" : "use Ollama connections (first start default)";
    "OLLAMA_BASE_URL" = "http://localhost:11434" : "Ollama base URL (first start default)";
    "OLLAMA_BASE_URLS" = "" : "several Ollama base URLs, separated by ';' (first start default)";
    "OLLAMA_API_CONFIGS" = "" : "per-connection Ollama settings as JSON, keyed by index (first start default)";
    "MODELS_CACHE_TTL" = "1" : "seconds a fetched provider model list is reused";
    "AIOHTTP_CLIENT_TIMEOUT_MODEL_LIST" = "10" : "seconds to wait for a provider's model list";
    "ENABLE_BASE_MODELS_CACHE" = "false" : "reuse the last fetched provider model list until a refresh or a connection change (first start default)";
    "ENABLE_DIRECT_CONNECTIONS" = "false" : "let users add their own model connections in the browser (first start default)";
    "ENABLE_DIRECT_INTEGRATIONS" = "false" : "let users add their own tool servers in the browser (first start default)";
    "DEFAULT_MODELS" = "" : "comma-separated models preselected in a new chat (first start default)";
    "DEFAULT_PINNED_MODELS" = "" : "comma-separated models pinned for every user (first start default)";
    "MODEL_ORDER_LIST" = "[]" : "JSON list of model ids ordering the model list (first start default)";
    "DEFAULT_MODEL_METADATA" = "{}" : "JSON object filling missing model metadata (first start default)";
    "DEFAULT_MODEL_PARAMS" = "{}" : "JSON object of parameters under every chat's (first start default)";
    "ENABLE_CODE_EXECUTION" = "true" : "offer running code blocks (first start default)";
    "CODE_EXECUTION_ENGINE" = "pyodide" : "engine running code blocks: pyodide or jupyter (first start default)";
    "CODE_EXECUTION_JUPYTER_URL" = "" : "Jupyter server for code execution (first start default)";
    "CODE_EXECUTION_JUPYTER_AUTH" = "" : "Jupyter auth for code execution: empty, token or password (first start default)";
    "CODE_EXECUTION_JUPYTER_AUTH_TOKEN" = "" : "Jupyter token for code execution (first start default)";
    "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD" = "" : "Jupyter password for code execution (first start default)";
    "CODE_EXECUTION_JUPYTER_TIMEOUT" = "60" : "seconds a Jupyter code execution may run (first start default)";
    "ENABLE_CODE_INTERPRETER" = "false" : "offer the code interpreter in chats (first start default; owui does not run it)";
    "CODE_INTERPRETER_ENGINE" = "pyodide" : "code interpreter engine: pyodide or jupyter (first start default)";
    "CODE_INTERPRETER_PROMPT_TEMPLATE" = "" : "code interpreter prompt; empty for the built-in one (first start default)";
    "CODE_INTERPRETER_JUPYTER_URL" = "" : "Jupyter server of the code interpreter (default: CODE_EXECUTION_JUPYTER_URL; first start default)";
    "CODE_INTERPRETER_JUPYTER_AUTH" = "" : "Jupyter auth of the code interpreter (default: CODE_EXECUTION_JUPYTER_AUTH; first start default)";
    "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN" = "" : "Jupyter token of the code interpreter (default: CODE_EXECUTION_JUPYTER_AUTH_TOKEN; first start default)";
    "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD" = "" : "Jupyter password of the code interpreter (default: CODE_EXECUTION_JUPYTER_AUTH_PASSWORD; first start default)";
    "CODE_INTERPRETER_JUPYTER_TIMEOUT" = "" : "seconds a code interpreter run may take (default: CODE_EXECUTION_JUPYTER_TIMEOUT; first start default)";
    "TASK_MODEL" = "" : "model for title, tag and other tasks when chatting with a local (Ollama) model (first start default)";
    "TASK_MODEL_EXTERNAL" = "" : "model for tasks when chatting with an external model (first start default)";
    "TASK_MODEL_PARAMS" = "{}" : "parameters of task calls as a JSON object (first start default)";
    "ENABLE_TITLE_GENERATION" = "true" : "generate chat titles (first start default)";
    "TITLE_GENERATION_PROMPT_TEMPLATE" = "" : "title prompt; empty for the built-in one (first start default)";
    "IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE" = "" : "image prompt template; empty for the built-in one (first start default)";
    "ENABLE_AUTOCOMPLETE_GENERATION" = "false" : "offer input autocompletion (first start default)";
    "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH" = "-1" : "longest input autocompleted, -1 for no limit (first start default)";
    "AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE" = "" : "autocompletion prompt; empty for the built-in one (first start default)";
    "TAGS_GENERATION_PROMPT_TEMPLATE" = "" : "chat tags prompt; empty for the built-in one (first start default)";
    "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE" = "" : "follow-up prompt; empty for the built-in one (first start default)";
    "ENABLE_FOLLOW_UP_GENERATION" = "true" : "suggest follow-up messages (first start default)";
    "ENABLE_TAGS_GENERATION" = "true" : "generate chat tags (first start default)";
    "ENABLE_SEARCH_QUERY_GENERATION" = "true" : "generate web search queries (first start default)";
    "ENABLE_RETRIEVAL_QUERY_GENERATION" = "true" : "generate retrieval queries (first start default)";
    "QUERY_GENERATION_PROMPT_TEMPLATE" = "" : "query prompt; empty for the built-in one (first start default)";
    "TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE" = "" : "tool choice prompt; empty for the built-in one (first start default)";
    "ENABLE_VOICE_MODE_PROMPT" = "true" : "use the voice mode system prompt (first start default)";
    "VOICE_MODE_PROMPT_TEMPLATE" = "" : "voice mode system prompt; empty for the built-in one (first start default)";
    "RAG_FILE_MAX_SIZE" = "" : "largest upload in MB, the admin setting rag.file.max_size (first start default; empty for none)";
    "UPLOAD_MAX_SIZE" = "1024" : "largest upload in MB whatever rag.file.max_size says; 0 for no cap";
    "UPLOAD_DISK_RESERVE" = "1024" : "MB of free disk an upload must leave in the data directory (else 507); 0 to not check";
    "PROVIDER_STREAM_IDLE_TIMEOUT" = "300" : "seconds a model's streamed answer may send nothing before it is ended as broken; 0 for no limit";
    "RUST_LOG" = "owui=info,tower_http=warn" : "log filter";
}

/// The loaded settings, with where each came from.
#[derive(Clone, Debug)]
pub struct Config {
    values: BTreeMap<&'static str, (String, Source)>,
    /// Environment variables named like `USER_PERMISSIONS_*`, kept for the
    /// permission defaults.
    extra_env: BTreeMap<String, String>,
    pub data_dir: PathBuf,
    pub config_file: Option<PathBuf>,
}

/// Values given on the command line, which win over everything.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub config_file: Option<PathBuf>,
    pub values: Vec<(&'static str, String)>,
}

impl Config {
    /// Defaults only; the data dir as given. For tests.
    pub fn defaults(data_dir: &Path) -> Config {
        let mut c = Config {
            values: SETTINGS
                .iter()
                .map(|s| (s.name, (s.default.to_string(), Source::Default)))
                .collect(),
            extra_env: BTreeMap::new(),
            data_dir: data_dir.to_owned(),
            config_file: None,
        };
        c.values
            .insert("DATA_DIR", (data_dir.display().to_string(), Source::Flag));
        c
    }

    /// Load the layers from the real process environment.
    pub fn load(over: &Overrides) -> Result<Config> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Self::load_from(over, &env)
    }

    /// Load the layers from the given environment.
    pub fn load_from(over: &Overrides, env: &BTreeMap<String, String>) -> Result<Config> {
        let mut values: BTreeMap<&'static str, (String, Source)> = SETTINGS
            .iter()
            .map(|s| (s.name, (s.default.to_string(), Source::Default)))
            .collect();

        let config_file = over
            .config_file
            .clone()
            .or_else(|| env.get("OWUI_CONFIG").map(PathBuf::from))
            .or_else(|| {
                directories::ProjectDirs::from("", "", "owui")
                    .map(|d| d.config_dir().join("config.toml"))
                    .filter(|p| p.exists())
            });
        if let Some(path) = &config_file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::invalid(format!("cannot read config file {}: {e}", path.display()))
            })?;
            let table: toml::Table = text
                .parse()
                .map_err(|e| Error::invalid(format!("config file {}: {e}", path.display())))?;
            for (k, v) in table {
                let name = SETTINGS
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(&k))
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "config file {}: unknown setting `{k}`",
                            path.display()
                        ))
                    })?
                    .name;
                let v = match v {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                values.insert(name, (v, Source::File));
            }
        }
        for s in SETTINGS {
            if let Some(v) = env.get(s.name) {
                values.insert(s.name, (v.clone(), Source::Env));
            }
        }
        // legacy name of the secret
        if values["WEBUI_SECRET_KEY"].1 == Source::Default
            && let Some(v) = env.get("WEBUI_JWT_SECRET_KEY")
        {
            values.insert("WEBUI_SECRET_KEY", (v.clone(), Source::Env));
        }
        if let Some(d) = &over.data_dir {
            values.insert("DATA_DIR", (d.display().to_string(), Source::Flag));
        }
        for (k, v) in &over.values {
            values.insert(k, (v.clone(), Source::Flag));
        }
        let data_dir = match values["DATA_DIR"].0.as_str() {
            "" => directories::ProjectDirs::from("", "", "owui")
                .map(|d| d.data_dir().to_owned())
                .ok_or_else(|| Error::invalid("no home directory: pass --data-dir"))?,
            d => PathBuf::from(d),
        };
        let extra_env = env
            .iter()
            .filter(|(k, _)| k.starts_with("USER_PERMISSIONS_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Config {
            values,
            extra_env,
            data_dir,
            config_file,
        })
    }

    /// Set one value (as a flag would).
    pub fn set(&mut self, name: &'static str, value: impl Into<String>) {
        self.values.insert(name, (value.into(), Source::Flag));
    }

    pub fn get(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(|(v, _)| v.as_str())
            // names are owui's own constants, never a request's: a typo
            // in the code, caught by any test that reads it
            .unwrap_or_else(|| panic!("unknown setting {name}"))
    }

    pub fn source(&self, name: &str) -> Source {
        self.values[name].1
    }

    pub fn bool(&self, name: &str) -> bool {
        parse_bool(self.get(name))
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).trim().parse().ok()
    }

    /// Every setting with its value and source, for `owui config show`.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &str, Source)> {
        self.values.iter().map(|(k, (v, s))| (*k, v.as_str(), *s))
    }

    /// Extra environment variables (permission defaults).
    pub fn extra_env(&self, name: &str) -> Option<&str> {
        self.extra_env.get(name).map(String::as_str)
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("webui.db")
    }
}

/// Upstream's truthy strings.
pub fn parse_bool(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes" | "on"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_win_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "webui_name = \"From file\"\nport = 9000\n").unwrap();
        let mut env = BTreeMap::new();
        env.insert("PORT".to_string(), "9100".to_string());
        let over = Overrides {
            data_dir: Some(dir.path().into()),
            config_file: Some(file),
            values: vec![],
        };
        let c = Config::load_from(&over, &env).unwrap();
        assert_eq!(c.get("WEBUI_NAME"), "From file");
        assert_eq!(c.source("WEBUI_NAME"), Source::File);
        assert_eq!(c.get("PORT"), "9100");
        assert_eq!(c.source("PORT"), Source::Env);
        assert_eq!(c.source("HOST"), Source::Default);
        let over = Overrides {
            values: vec![("PORT", "9200".into())],
            ..over
        };
        let c = Config::load_from(&over, &env).unwrap();
        assert_eq!(c.get("PORT"), "9200");
        assert_eq!(c.source("PORT"), Source::Flag);
    }

    #[test]
    fn unknown_file_setting_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "no_such_thing = 1\n").unwrap();
        let over = Overrides {
            data_dir: Some(dir.path().into()),
            config_file: Some(file),
            values: vec![],
        };
        let e = Config::load_from(&over, &BTreeMap::new()).unwrap_err();
        assert!(e.message().contains("no_such_thing"));
    }
}
