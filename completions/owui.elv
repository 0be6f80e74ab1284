
use builtin;
use str;

set edit:completion:arg-completer[owui] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'owui'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'owui'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Serve Open WebUI''s REST API and socket.io events (and a frontend)'
            cand users 'Manage user accounts'
            cand groups 'Manage groups and their members'
            cand ask 'Ask a model a question; the answer streams to stdout and is kept as a chat'
            cand chat 'Chat in the terminal: your chats, streamed answers, models (F1 lists the keys)'
            cand chats 'List, search, export and import a user''s chats'
            cand folders 'Manage a user''s chat folders'
            cand models 'Manage workspace models: presets and provider-model overrides'
            cand knowledge 'Manage knowledge bases: collections of files models can draw on'
            cand prompts 'Manage prompts: the templates typed in the chat input as /command'
            cand memories 'Keep, list and delete your memories: facts the models may be told about you'
            cand files 'List, upload, show and delete uploaded files'
            cand feedback 'Export users'' ratings of answers and show the model leaderboard (admins)'
            cand config 'Show and change settings and the admin config store'
            cand connections 'List, add, remove and test the OpenAI and Ollama connections'
            cand completions 'Print shell completions (or write them to a directory)'
            cand man 'Write the manual pages to a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;serve'= {
            cand --host 'Address to listen on [env: HOST] [default: 0.0.0.0]'
            cand -p 'Port to listen on [env: PORT] [default: 8080]'
            cand --port 'Port to listen on [env: PORT] [default: 8080]'
            cand --frontend 'Directory of a built single-page app to serve at / (e.g. the Open WebUI frontend) [env: FRONTEND_DIR]'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every user, newest first'
            cand get 'Show one user'
            cand create 'Create a user'
            cand update 'Change a user''s name, email or role'
            cand delete 'Delete a user and everything they own'
            cand set-role 'Set a user''s role'
            cand reset-password 'Set a new password; the user''s sessions end everywhere'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;users;list'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users;get'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users;create'= {
            cand --name 'Display name'
            cand --email 'Email address (also the sign-in name)'
            cand --password 'Password (visible to other local users through the process list; prefer --password-stdin)'
            cand --role 'Role: admin, user or pending'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users;update'= {
            cand --name 'New display name'
            cand --email 'New email address'
            cand --role 'New role: admin, user or pending'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users;set-role'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users;reset-password'= {
            cand --password 'New password (prefer --password-stdin)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --password-stdin 'Read the new password from the first line of standard input'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;users;help'= {
            cand list 'List every user, newest first'
            cand get 'Show one user'
            cand create 'Create a user'
            cand update 'Change a user''s name, email or role'
            cand delete 'Delete a user and everything they own'
            cand set-role 'Set a user''s role'
            cand reset-password 'Set a new password; the user''s sessions end everywhere'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;users;help;list'= {
        }
        &'owui;users;help;get'= {
        }
        &'owui;users;help;create'= {
        }
        &'owui;users;help;update'= {
        }
        &'owui;users;help;delete'= {
        }
        &'owui;users;help;set-role'= {
        }
        &'owui;users;help;reset-password'= {
        }
        &'owui;users;help;help'= {
        }
        &'owui;groups'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every group'
            cand get 'Show one group and its direct members'
            cand create 'Create a group'
            cand update 'Change a group'
            cand delete 'Delete a group (its children move to its parent)'
            cand add-member 'Add users to a group'
            cand remove-member 'Remove users from a group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;groups;list'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;groups;get'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;groups;create'= {
            cand --name 'Group name'
            cand --description 'What the group is for'
            cand --parent 'Parent group (id or name): members of this group count as members of the parent too'
            cand --permissions 'Permissions this group adds, as JSON (e.g. ''{"workspace":{"models":true}}'')'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;groups;update'= {
            cand --name 'New name'
            cand --description 'New description'
            cand --parent 'New parent (id or name); "" makes it a top-level group'
            cand --permissions 'Permissions this group adds, as JSON (replaces the old ones)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;groups;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;groups;add-member'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;groups;remove-member'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;groups;help'= {
            cand list 'List every group'
            cand get 'Show one group and its direct members'
            cand create 'Create a group'
            cand update 'Change a group'
            cand delete 'Delete a group (its children move to its parent)'
            cand add-member 'Add users to a group'
            cand remove-member 'Remove users from a group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;groups;help;list'= {
        }
        &'owui;groups;help;get'= {
        }
        &'owui;groups;help;create'= {
        }
        &'owui;groups;help;update'= {
        }
        &'owui;groups;help;delete'= {
        }
        &'owui;groups;help;add-member'= {
        }
        &'owui;groups;help;remove-member'= {
        }
        &'owui;groups;help;help'= {
        }
        &'owui;ask'= {
            cand -m 'Model id [default: the chat''s model, else the first default model, else the first model available]'
            cand --model 'Model id [default: the chat''s model, else the first default model, else the first model available]'
            cand --chat 'Continue this chat (its current branch) instead of starting one'
            cand -s 'A system prompt for this question'
            cand --system 'A system prompt for this question'
            cand -f 'Upload and index this file, and answer from it (repeatable)'
            cand --file 'Upload and index this file, and answer from it (repeatable)'
            cand -k 'Answer from this knowledge base, by name or id (repeatable)'
            cand --knowledge 'Answer from this knowledge base, by name or id (repeatable)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --no-save 'Do not keep the exchange as a chat'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chat'= {
            cand -m 'Model id [default: the chat''s model, else the first default model, else the first model available]'
            cand --model 'Model id [default: the chat''s model, else the first default model, else the first model available]'
            cand --server 'Chat through this owui or Open WebUI server''s API instead of the data directory [env: OWUI_SERVER]'
            cand --api-key 'The API key (sk-...) or session token for --server; prefer the environment, which other users cannot see [env: OWUI_API_KEY]'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List chats, newest first (not archived unless --archived)'
            cand show 'Print one chat (the current branch) as Markdown, or JSON with --json'
            cand search 'Search titles and messages (upstream''s syntax: tag:X, pinned:true, archived:true, shared:false, free text)'
            cand export 'Write chats in the API''s JSON (all of them, or the ids given)'
            cand import 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)'
            cand delete 'Delete a chat'
            cand archive 'Archive a chat (--undo brings it back)'
            cand pin 'Pin a chat (--undo unpins it)'
            cand share 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot'
            cand unshare 'Remove a chat''s share link'
            cand move 'Move a chat into a folder (--none: out of any folder)'
            cand tag 'Tag a chat (--remove takes the tag off)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;chats;list'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --archived 'Archived chats instead'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;show'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;search'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;export'= {
            cand --format 'json (importable) or md'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;import'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;archive'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --undo 'undo'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;pin'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --undo 'undo'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;share'= {
            cand --mode 'continue: readers with access reach the live chat; snapshot: readers see the snapshot only (default: the share''s current mode, snapshot for a new share)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;unshare'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;move'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --none 'Out of any folder'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;tag'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --remove 'remove'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;chats;help'= {
            cand list 'List chats, newest first (not archived unless --archived)'
            cand show 'Print one chat (the current branch) as Markdown, or JSON with --json'
            cand search 'Search titles and messages (upstream''s syntax: tag:X, pinned:true, archived:true, shared:false, free text)'
            cand export 'Write chats in the API''s JSON (all of them, or the ids given)'
            cand import 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)'
            cand delete 'Delete a chat'
            cand archive 'Archive a chat (--undo brings it back)'
            cand pin 'Pin a chat (--undo unpins it)'
            cand share 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot'
            cand unshare 'Remove a chat''s share link'
            cand move 'Move a chat into a folder (--none: out of any folder)'
            cand tag 'Tag a chat (--remove takes the tag off)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;chats;help;list'= {
        }
        &'owui;chats;help;show'= {
        }
        &'owui;chats;help;search'= {
        }
        &'owui;chats;help;export'= {
        }
        &'owui;chats;help;import'= {
        }
        &'owui;chats;help;delete'= {
        }
        &'owui;chats;help;archive'= {
        }
        &'owui;chats;help;pin'= {
        }
        &'owui;chats;help;share'= {
        }
        &'owui;chats;help;unshare'= {
        }
        &'owui;chats;help;move'= {
        }
        &'owui;chats;help;tag'= {
        }
        &'owui;chats;help;help'= {
        }
        &'owui;folders'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List folders'
            cand create 'Create a folder (inside --parent when given)'
            cand rename 'Rename a folder'
            cand move 'Move a folder under another one ("" or --root: to the top level)'
            cand delete 'Delete a folder with its chats (--keep-chats moves them out instead)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;folders;list'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;folders;create'= {
            cand --parent 'Parent folder (id or name)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;folders;rename'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;folders;move'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --root 'Move to the top level'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;folders;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --keep-chats 'Keep the chats, out of any folder'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;folders;help'= {
            cand list 'List folders'
            cand create 'Create a folder (inside --parent when given)'
            cand rename 'Rename a folder'
            cand move 'Move a folder under another one ("" or --root: to the top level)'
            cand delete 'Delete a folder with its chats (--keep-chats moves them out instead)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;folders;help;list'= {
        }
        &'owui;folders;help;create'= {
        }
        &'owui;folders;help;rename'= {
        }
        &'owui;folders;help;move'= {
        }
        &'owui;folders;help;delete'= {
        }
        &'owui;folders;help;help'= {
        }
        &'owui;models'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the models you may read (presets and overrides)'
            cand show 'Show one model (--json: the API''s JSON, as GET /api/v1/models/model)'
            cand create 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id'
            cand update 'Change a model; flags not given keep their values'
            cand delete 'Delete a model with its sharing and history'
            cand export 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given'
            cand import 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;models;list'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;models;show'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;models;create'= {
            cand --name 'Display name [default: the id]'
            cand --base 'The model it runs on (a provider model or another preset)'
            cand --system 'System prompt'
            cand --description 'Description shown in the model selector'
            cand --tag 'A tag (repeatable)'
            cand --params 'Parameters as a JSON object (e.g. ''{"temperature":0.2}'')'
            cand --meta 'More metadata as a JSON object (merged over the flags above)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --inactive 'Create it disabled'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;models;update'= {
            cand --name 'New display name'
            cand --base 'New base model ("" makes it an override; admins only)'
            cand --system 'New system prompt ("" removes it)'
            cand --description 'New description'
            cand --tag 'Replace the tags with these (repeatable)'
            cand --params 'Replace the parameters with this JSON object (the system prompt stays unless --system changes it)'
            cand --meta 'Metadata keys to set, as a JSON object (merged)'
            cand --active 'Enable or disable it'
            cand --message 'Note stored with the new version'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;models;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;models;export'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;models;import'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;models;help'= {
            cand list 'List the models you may read (presets and overrides)'
            cand show 'Show one model (--json: the API''s JSON, as GET /api/v1/models/model)'
            cand create 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id'
            cand update 'Change a model; flags not given keep their values'
            cand delete 'Delete a model with its sharing and history'
            cand export 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given'
            cand import 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;models;help;list'= {
        }
        &'owui;models;help;show'= {
        }
        &'owui;models;help;create'= {
        }
        &'owui;models;help;update'= {
        }
        &'owui;models;help;delete'= {
        }
        &'owui;models;help;export'= {
        }
        &'owui;models;help;import'= {
        }
        &'owui;models;help;help'= {
        }
        &'owui;knowledge'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the knowledge bases you may read, most recently changed first'
            cand show 'Show one knowledge base by id or name (--json: the API''s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)'
            cand create 'Create an empty knowledge base'
            cand delete 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it'
            cand add 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)'
            cand remove 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION'
            cand search 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})'
            cand reindex 'Rebuild every knowledge base''s vectors from its files'' stored text (admins only): after a change of embedding model'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;knowledge;list'= {
            cand --query 'Only those whose name, description or owner contains this'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;show'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;create'= {
            cand --description 'What it holds'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;add'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;remove'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --keep 'Keep the files: only take them out of the knowledge base'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;search'= {
            cand -k 'How many chunks [default: the admin''s Top K]'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;reindex'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;knowledge;help'= {
            cand list 'List the knowledge bases you may read, most recently changed first'
            cand show 'Show one knowledge base by id or name (--json: the API''s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)'
            cand create 'Create an empty knowledge base'
            cand delete 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it'
            cand add 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)'
            cand remove 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION'
            cand search 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})'
            cand reindex 'Rebuild every knowledge base''s vectors from its files'' stored text (admins only): after a change of embedding model'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;knowledge;help;list'= {
        }
        &'owui;knowledge;help;show'= {
        }
        &'owui;knowledge;help;create'= {
        }
        &'owui;knowledge;help;delete'= {
        }
        &'owui;knowledge;help;add'= {
        }
        &'owui;knowledge;help;remove'= {
        }
        &'owui;knowledge;help;search'= {
        }
        &'owui;knowledge;help;reindex'= {
        }
        &'owui;knowledge;help;help'= {
        }
        &'owui;prompts'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the prompts you may read, disabled ones included'
            cand show 'Show one prompt by command or id (--json: the API''s JSON, as GET /api/v1/prompts/id/{id} with the owner)'
            cand create 'Create a prompt, typed in the chat input as /COMMAND'
            cand update 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version'
            cand delete 'Delete a prompt with its versions and sharing'
            cand export 'Print the enabled prompts you may read as JSON, as the web UI''s "Export JSON" writes them'
            cand import 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;prompts;list'= {
            cand --query 'Only prompts whose name, command, content or owner contains this'
            cand --tag 'Only prompts with this tag'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;prompts;show'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;prompts;create'= {
            cand --name 'Display name [default: the command]'
            cand --content 'The template text ({{CLIPBOARD}}, {{USER_NAME}}, {{name}}... are filled in by the web UI when the prompt is used)'
            cand --file 'Read the template text from a file ("-" reads stdin)'
            cand --tag 'A tag (repeatable)'
            cand --message 'Note stored with the first version [default: Initial version]'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;prompts;update'= {
            cand --command 'New slash command'
            cand --name 'New display name'
            cand --content 'New template text'
            cand --file 'Read the new template text from a file ("-" reads stdin)'
            cand --tag 'Replace the tags with these (repeatable)'
            cand --message 'Note stored with the new version'
            cand --active 'Enable or disable it (disabled prompts leave the / menu)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --draft 'Store the change as a draft version; the live prompt keeps its text (the command still changes)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;prompts;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;prompts;export'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;prompts;import'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;prompts;help'= {
            cand list 'List the prompts you may read, disabled ones included'
            cand show 'Show one prompt by command or id (--json: the API''s JSON, as GET /api/v1/prompts/id/{id} with the owner)'
            cand create 'Create a prompt, typed in the chat input as /COMMAND'
            cand update 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version'
            cand delete 'Delete a prompt with its versions and sharing'
            cand export 'Print the enabled prompts you may read as JSON, as the web UI''s "Export JSON" writes them'
            cand import 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;prompts;help;list'= {
        }
        &'owui;prompts;help;show'= {
        }
        &'owui;prompts;help;create'= {
        }
        &'owui;prompts;help;update'= {
        }
        &'owui;prompts;help;delete'= {
        }
        &'owui;prompts;help;export'= {
        }
        &'owui;prompts;help;import'= {
        }
        &'owui;prompts;help;help'= {
        }
        &'owui;memories'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List your memories, oldest first'
            cand add 'Keep a new memory'
            cand delete 'Delete one memory by id'
            cand clear 'Delete all your memories'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;memories;list'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;memories;add'= {
            cand --type 'user: a fact about you, always given to the model; context: found when it is relevant to the question'
            cand --path 'File it under a path such as work/projects/alpha'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;memories;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;memories;clear'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;memories;help'= {
            cand list 'List your memories, oldest first'
            cand add 'Keep a new memory'
            cand delete 'Delete one memory by id'
            cand clear 'Delete all your memories'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;memories;help;list'= {
        }
        &'owui;memories;help;add'= {
        }
        &'owui;memories;help;delete'= {
        }
        &'owui;memories;help;clear'= {
        }
        &'owui;memories;help;help'= {
        }
        &'owui;files'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List files, newest upload first'
            cand upload 'Store files as your uploads and index them for search'
            cand show 'Show one file (--json: as GET /api/v1/files/{id})'
            cand delete 'Delete a file: its record and its stored bytes (no question asked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;files;list'= {
            cand --user 'Only this user''s files (id or email; admins only, unless it is you)'
            cand --search 'Only files whose name matches this glob (* any run of characters, ? one; case-insensitive), e.g. ''*.pdf'''
            cand --limit 'At most this many files [default: all]'
            cand --skip 'Skip this many files first'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;files;upload'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --no-process 'Store only: do not extract or index the text (as the web UI''s upload with process=false)'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;files;show'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;files;delete'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;files;help'= {
            cand list 'List files, newest upload first'
            cand upload 'Store files as your uploads and index them for search'
            cand show 'Show one file (--json: as GET /api/v1/files/{id})'
            cand delete 'Delete a file: its record and its stored bytes (no question asked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;files;help;list'= {
        }
        &'owui;files;help;upload'= {
        }
        &'owui;files;help;show'= {
        }
        &'owui;files;help;delete'= {
        }
        &'owui;files;help;help'= {
        }
        &'owui;feedback'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only'
            cand leaderboard 'The models ranked by Elo rating from users'' comparisons of answers; admins only'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;feedback;export'= {
            cand --model 'Only ratings of this model'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;feedback;leaderboard'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;feedback;help'= {
            cand export 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only'
            cand leaderboard 'The models ranked by Elo rating from users'' comparisons of answers; admins only'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;feedback;help;export'= {
        }
        &'owui;feedback;help;leaderboard'= {
        }
        &'owui;feedback;help;help'= {
        }
        &'owui;config'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show every setting and stored config key with its value and source'
            cand get 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)'
            cand set 'Change a stored config key (the value is JSON, or else a string)'
            cand export 'Print the whole config store as JSON (contains secrets)'
            cand import 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;config;show'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;config;get'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;config;set'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;config;export'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;config;import'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;config;help'= {
            cand show 'Show every setting and stored config key with its value and source'
            cand get 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)'
            cand set 'Change a stored config key (the value is JSON, or else a string)'
            cand export 'Print the whole config store as JSON (contains secrets)'
            cand import 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;config;help;show'= {
        }
        &'owui;config;help;get'= {
        }
        &'owui;config;help;set'= {
        }
        &'owui;config;help;export'= {
        }
        &'owui;config;help;import'= {
        }
        &'owui;config;help;help'= {
        }
        &'owui;connections'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the connections of both kinds with their index'
            cand add 'Add a connection at the end of its kind''s list'
            cand remove 'Remove a connection by index (later ones move up)'
            cand test 'Fetch a connection''s model list and print the model ids'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;connections;list'= {
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;connections;add'= {
            cand --kind 'openai or ollama'
            cand --key 'API key (sent as a Bearer token)'
            cand --prefix 'Show the connection''s models as PREFIX.<model id>'
            cand --model-id 'Offer only these models (OpenAI: without asking the server)'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;connections;remove'= {
            cand --kind 'openai or ollama'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;connections;test'= {
            cand --kind 'openai or ollama'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;connections;help'= {
            cand list 'List the connections of both kinds with their index'
            cand add 'Add a connection at the end of its kind''s list'
            cand remove 'Remove a connection by index (later ones move up)'
            cand test 'Fetch a connection''s model list and print the model ids'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;connections;help;list'= {
        }
        &'owui;connections;help;add'= {
        }
        &'owui;connections;help;remove'= {
        }
        &'owui;connections;help;test'= {
        }
        &'owui;connections;help;help'= {
        }
        &'owui;completions'= {
            cand --out-dir 'Write the file(s) into this directory instead of standard output'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;man'= {
            cand --out-dir 'Directory to write owui.1, owui-users.1, ... into'
            cand --data-dir 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]'
            cand --config 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]'
            cand --as 'Act as this user (id or email) for per-user data such as chats [default: the only admin]'
            cand --json 'Print machine-readable JSON instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'owui;help'= {
            cand serve 'Serve Open WebUI''s REST API and socket.io events (and a frontend)'
            cand users 'Manage user accounts'
            cand groups 'Manage groups and their members'
            cand ask 'Ask a model a question; the answer streams to stdout and is kept as a chat'
            cand chat 'Chat in the terminal: your chats, streamed answers, models (F1 lists the keys)'
            cand chats 'List, search, export and import a user''s chats'
            cand folders 'Manage a user''s chat folders'
            cand models 'Manage workspace models: presets and provider-model overrides'
            cand knowledge 'Manage knowledge bases: collections of files models can draw on'
            cand prompts 'Manage prompts: the templates typed in the chat input as /command'
            cand memories 'Keep, list and delete your memories: facts the models may be told about you'
            cand files 'List, upload, show and delete uploaded files'
            cand feedback 'Export users'' ratings of answers and show the model leaderboard (admins)'
            cand config 'Show and change settings and the admin config store'
            cand connections 'List, add, remove and test the OpenAI and Ollama connections'
            cand completions 'Print shell completions (or write them to a directory)'
            cand man 'Write the manual pages to a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'owui;help;serve'= {
        }
        &'owui;help;users'= {
            cand list 'List every user, newest first'
            cand get 'Show one user'
            cand create 'Create a user'
            cand update 'Change a user''s name, email or role'
            cand delete 'Delete a user and everything they own'
            cand set-role 'Set a user''s role'
            cand reset-password 'Set a new password; the user''s sessions end everywhere'
        }
        &'owui;help;users;list'= {
        }
        &'owui;help;users;get'= {
        }
        &'owui;help;users;create'= {
        }
        &'owui;help;users;update'= {
        }
        &'owui;help;users;delete'= {
        }
        &'owui;help;users;set-role'= {
        }
        &'owui;help;users;reset-password'= {
        }
        &'owui;help;groups'= {
            cand list 'List every group'
            cand get 'Show one group and its direct members'
            cand create 'Create a group'
            cand update 'Change a group'
            cand delete 'Delete a group (its children move to its parent)'
            cand add-member 'Add users to a group'
            cand remove-member 'Remove users from a group'
        }
        &'owui;help;groups;list'= {
        }
        &'owui;help;groups;get'= {
        }
        &'owui;help;groups;create'= {
        }
        &'owui;help;groups;update'= {
        }
        &'owui;help;groups;delete'= {
        }
        &'owui;help;groups;add-member'= {
        }
        &'owui;help;groups;remove-member'= {
        }
        &'owui;help;ask'= {
        }
        &'owui;help;chat'= {
        }
        &'owui;help;chats'= {
            cand list 'List chats, newest first (not archived unless --archived)'
            cand show 'Print one chat (the current branch) as Markdown, or JSON with --json'
            cand search 'Search titles and messages (upstream''s syntax: tag:X, pinned:true, archived:true, shared:false, free text)'
            cand export 'Write chats in the API''s JSON (all of them, or the ids given)'
            cand import 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)'
            cand delete 'Delete a chat'
            cand archive 'Archive a chat (--undo brings it back)'
            cand pin 'Pin a chat (--undo unpins it)'
            cand share 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot'
            cand unshare 'Remove a chat''s share link'
            cand move 'Move a chat into a folder (--none: out of any folder)'
            cand tag 'Tag a chat (--remove takes the tag off)'
        }
        &'owui;help;chats;list'= {
        }
        &'owui;help;chats;show'= {
        }
        &'owui;help;chats;search'= {
        }
        &'owui;help;chats;export'= {
        }
        &'owui;help;chats;import'= {
        }
        &'owui;help;chats;delete'= {
        }
        &'owui;help;chats;archive'= {
        }
        &'owui;help;chats;pin'= {
        }
        &'owui;help;chats;share'= {
        }
        &'owui;help;chats;unshare'= {
        }
        &'owui;help;chats;move'= {
        }
        &'owui;help;chats;tag'= {
        }
        &'owui;help;folders'= {
            cand list 'List folders'
            cand create 'Create a folder (inside --parent when given)'
            cand rename 'Rename a folder'
            cand move 'Move a folder under another one ("" or --root: to the top level)'
            cand delete 'Delete a folder with its chats (--keep-chats moves them out instead)'
        }
        &'owui;help;folders;list'= {
        }
        &'owui;help;folders;create'= {
        }
        &'owui;help;folders;rename'= {
        }
        &'owui;help;folders;move'= {
        }
        &'owui;help;folders;delete'= {
        }
        &'owui;help;models'= {
            cand list 'List the models you may read (presets and overrides)'
            cand show 'Show one model (--json: the API''s JSON, as GET /api/v1/models/model)'
            cand create 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id'
            cand update 'Change a model; flags not given keep their values'
            cand delete 'Delete a model with its sharing and history'
            cand export 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given'
            cand import 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created'
        }
        &'owui;help;models;list'= {
        }
        &'owui;help;models;show'= {
        }
        &'owui;help;models;create'= {
        }
        &'owui;help;models;update'= {
        }
        &'owui;help;models;delete'= {
        }
        &'owui;help;models;export'= {
        }
        &'owui;help;models;import'= {
        }
        &'owui;help;knowledge'= {
            cand list 'List the knowledge bases you may read, most recently changed first'
            cand show 'Show one knowledge base by id or name (--json: the API''s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)'
            cand create 'Create an empty knowledge base'
            cand delete 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it'
            cand add 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)'
            cand remove 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION'
            cand search 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})'
            cand reindex 'Rebuild every knowledge base''s vectors from its files'' stored text (admins only): after a change of embedding model'
        }
        &'owui;help;knowledge;list'= {
        }
        &'owui;help;knowledge;show'= {
        }
        &'owui;help;knowledge;create'= {
        }
        &'owui;help;knowledge;delete'= {
        }
        &'owui;help;knowledge;add'= {
        }
        &'owui;help;knowledge;remove'= {
        }
        &'owui;help;knowledge;search'= {
        }
        &'owui;help;knowledge;reindex'= {
        }
        &'owui;help;prompts'= {
            cand list 'List the prompts you may read, disabled ones included'
            cand show 'Show one prompt by command or id (--json: the API''s JSON, as GET /api/v1/prompts/id/{id} with the owner)'
            cand create 'Create a prompt, typed in the chat input as /COMMAND'
            cand update 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version'
            cand delete 'Delete a prompt with its versions and sharing'
            cand export 'Print the enabled prompts you may read as JSON, as the web UI''s "Export JSON" writes them'
            cand import 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file'
        }
        &'owui;help;prompts;list'= {
        }
        &'owui;help;prompts;show'= {
        }
        &'owui;help;prompts;create'= {
        }
        &'owui;help;prompts;update'= {
        }
        &'owui;help;prompts;delete'= {
        }
        &'owui;help;prompts;export'= {
        }
        &'owui;help;prompts;import'= {
        }
        &'owui;help;memories'= {
            cand list 'List your memories, oldest first'
            cand add 'Keep a new memory'
            cand delete 'Delete one memory by id'
            cand clear 'Delete all your memories'
        }
        &'owui;help;memories;list'= {
        }
        &'owui;help;memories;add'= {
        }
        &'owui;help;memories;delete'= {
        }
        &'owui;help;memories;clear'= {
        }
        &'owui;help;files'= {
            cand list 'List files, newest upload first'
            cand upload 'Store files as your uploads and index them for search'
            cand show 'Show one file (--json: as GET /api/v1/files/{id})'
            cand delete 'Delete a file: its record and its stored bytes (no question asked)'
        }
        &'owui;help;files;list'= {
        }
        &'owui;help;files;upload'= {
        }
        &'owui;help;files;show'= {
        }
        &'owui;help;files;delete'= {
        }
        &'owui;help;feedback'= {
            cand export 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only'
            cand leaderboard 'The models ranked by Elo rating from users'' comparisons of answers; admins only'
        }
        &'owui;help;feedback;export'= {
        }
        &'owui;help;feedback;leaderboard'= {
        }
        &'owui;help;config'= {
            cand show 'Show every setting and stored config key with its value and source'
            cand get 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)'
            cand set 'Change a stored config key (the value is JSON, or else a string)'
            cand export 'Print the whole config store as JSON (contains secrets)'
            cand import 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file'
        }
        &'owui;help;config;show'= {
        }
        &'owui;help;config;get'= {
        }
        &'owui;help;config;set'= {
        }
        &'owui;help;config;export'= {
        }
        &'owui;help;config;import'= {
        }
        &'owui;help;connections'= {
            cand list 'List the connections of both kinds with their index'
            cand add 'Add a connection at the end of its kind''s list'
            cand remove 'Remove a connection by index (later ones move up)'
            cand test 'Fetch a connection''s model list and print the model ids'
        }
        &'owui;help;connections;list'= {
        }
        &'owui;help;connections;add'= {
        }
        &'owui;help;connections;remove'= {
        }
        &'owui;help;connections;test'= {
        }
        &'owui;help;completions'= {
        }
        &'owui;help;man'= {
        }
        &'owui;help;help'= {
        }
    ]
    $completions[$command]
}
