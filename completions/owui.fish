# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_owui_global_optspecs
    string join \n data-dir= config= json as= h/help V/version
end

function __fish_owui_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_owui_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_owui_using_subcommand
    set -l cmd (__fish_owui_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c owui -n "__fish_owui_needs_command" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_needs_command" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_needs_command" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_needs_command" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_needs_command" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_needs_command" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_needs_command" -f -a "serve" -d 'Serve Open WebUI\'s REST API and socket.io events (and a frontend)'
complete -c owui -n "__fish_owui_needs_command" -f -a "users" -d 'Manage user accounts'
complete -c owui -n "__fish_owui_needs_command" -f -a "groups" -d 'Manage groups and their members'
complete -c owui -n "__fish_owui_needs_command" -f -a "ask" -d 'Ask a model a question; the answer streams to stdout and is kept as a chat'
complete -c owui -n "__fish_owui_needs_command" -f -a "chat" -d 'Chat in the terminal: your chats, streamed answers, models (F1 lists the keys)'
complete -c owui -n "__fish_owui_needs_command" -f -a "chats" -d 'List, search, export and import a user\'s chats'
complete -c owui -n "__fish_owui_needs_command" -f -a "folders" -d 'Manage a user\'s chat folders'
complete -c owui -n "__fish_owui_needs_command" -f -a "models" -d 'Manage workspace models: presets and provider-model overrides'
complete -c owui -n "__fish_owui_needs_command" -f -a "knowledge" -d 'Manage knowledge bases: collections of files models can draw on'
complete -c owui -n "__fish_owui_needs_command" -f -a "prompts" -d 'Manage prompts: the templates typed in the chat input as /command'
complete -c owui -n "__fish_owui_needs_command" -f -a "memories" -d 'Keep, list and delete your memories: facts the models may be told about you'
complete -c owui -n "__fish_owui_needs_command" -f -a "files" -d 'List, upload, show and delete uploaded files'
complete -c owui -n "__fish_owui_needs_command" -f -a "feedback" -d 'Export users\' ratings of answers and show the model leaderboard (admins)'
complete -c owui -n "__fish_owui_needs_command" -f -a "config" -d 'Show and change settings and the admin config store'
complete -c owui -n "__fish_owui_needs_command" -f -a "connections" -d 'List, add, remove and test the OpenAI and Ollama connections'
complete -c owui -n "__fish_owui_needs_command" -f -a "completions" -d 'Print shell completions (or write them to a directory)'
complete -c owui -n "__fish_owui_needs_command" -f -a "man" -d 'Write the manual pages to a directory'
complete -c owui -n "__fish_owui_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand serve" -l host -d 'Address to listen on [env: HOST] [default: 0.0.0.0]' -r
complete -c owui -n "__fish_owui_using_subcommand serve" -s p -l port -d 'Port to listen on [env: PORT] [default: 8080]' -r
complete -c owui -n "__fish_owui_using_subcommand serve" -l frontend -d 'Directory of a built single-page app to serve at / (e.g. the Open WebUI frontend) [env: FRONTEND_DIR]' -r -F
complete -c owui -n "__fish_owui_using_subcommand serve" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand serve" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand serve" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand serve" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand serve" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand serve" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "list" -d 'List every user, newest first'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "get" -d 'Show one user'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "create" -d 'Create a user'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "update" -d 'Change a user\'s name, email or role'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "delete" -d 'Delete a user and everything they own'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "set-role" -d 'Set a user\'s role'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "reset-password" -d 'Set a new password; the user\'s sessions end everywhere'
complete -c owui -n "__fish_owui_using_subcommand users; and not __fish_seen_subcommand_from list get create update delete set-role reset-password help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from get" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from get" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from get" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l name -d 'Display name' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l email -d 'Email address (also the sign-in name)' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l password -d 'Password (visible to other local users through the process list; prefer --password-stdin)' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l role -d 'Role: admin, user or pending' -r -f -a "admin\t''
user\t''
pending\t''"
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -l name -d 'New display name' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -l email -d 'New email address' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -l role -d 'New role: admin, user or pending' -r -f -a "admin\t''
user\t''
pending\t''"
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from set-role" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from set-role" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from set-role" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from set-role" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from set-role" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from set-role" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l password -d 'New password (prefer --password-stdin)' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l password-stdin -d 'Read the new password from the first line of standard input'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from reset-password" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every user, newest first'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one user'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a user'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a user\'s name, email or role'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a user and everything they own'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "set-role" -d 'Set a user\'s role'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "reset-password" -d 'Set a new password; the user\'s sessions end everywhere'
complete -c owui -n "__fish_owui_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "list" -d 'List every group'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "get" -d 'Show one group and its direct members'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "create" -d 'Create a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "update" -d 'Change a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "delete" -d 'Delete a group (its children move to its parent)'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "add-member" -d 'Add users to a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "remove-member" -d 'Remove users from a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and not __fish_seen_subcommand_from list get create update delete add-member remove-member help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from get" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from get" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from get" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l name -d 'Group name' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l description -d 'What the group is for' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l parent -d 'Parent group (id or name): members of this group count as members of the parent too' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l permissions -d 'Permissions this group adds, as JSON (e.g. \'{"workspace":{"models":true}}\')' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l name -d 'New name' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l description -d 'New description' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l parent -d 'New parent (id or name); "" makes it a top-level group' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l permissions -d 'Permissions this group adds, as JSON (replaces the old ones)' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from add-member" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from add-member" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from add-member" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from add-member" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from add-member" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from add-member" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from remove-member" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from remove-member" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from remove-member" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from remove-member" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from remove-member" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from remove-member" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every group'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one group and its direct members'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a group (its children move to its parent)'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "add-member" -d 'Add users to a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "remove-member" -d 'Remove users from a group'
complete -c owui -n "__fish_owui_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand ask" -s m -l model -d 'Model id [default: the chat\'s model, else the first default model, else the first model available]' -r
complete -c owui -n "__fish_owui_using_subcommand ask" -l chat -d 'Continue this chat (its current branch) instead of starting one' -r
complete -c owui -n "__fish_owui_using_subcommand ask" -s s -l system -d 'A system prompt for this question' -r
complete -c owui -n "__fish_owui_using_subcommand ask" -s f -l file -d 'Upload and index this file, and answer from it (repeatable)' -r -F
complete -c owui -n "__fish_owui_using_subcommand ask" -s k -l knowledge -d 'Answer from this knowledge base, by name or id (repeatable)' -r
complete -c owui -n "__fish_owui_using_subcommand ask" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand ask" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand ask" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand ask" -l no-save -d 'Do not keep the exchange as a chat'
complete -c owui -n "__fish_owui_using_subcommand ask" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand ask" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand ask" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chat" -s m -l model -d 'Model id [default: the chat\'s model, else the first default model, else the first model available]' -r
complete -c owui -n "__fish_owui_using_subcommand chat" -l server -d 'Chat through this owui or Open WebUI server\'s API instead of the data directory [env: OWUI_SERVER]' -r
complete -c owui -n "__fish_owui_using_subcommand chat" -l api-key -d 'The API key (sk-...) or session token for --server; prefer the environment, which other users cannot see [env: OWUI_API_KEY]' -r
complete -c owui -n "__fish_owui_using_subcommand chat" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chat" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chat" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chat" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chat" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chat" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "list" -d 'List chats, newest first (not archived unless --archived)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "show" -d 'Print one chat (the current branch) as Markdown, or JSON with --json'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "search" -d 'Search titles and messages (upstream\'s syntax: tag:X, pinned:true, archived:true, shared:false, free text)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "export" -d 'Write chats in the API\'s JSON (all of them, or the ids given)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "import" -d 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "delete" -d 'Delete a chat'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "archive" -d 'Archive a chat (--undo brings it back)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "pin" -d 'Pin a chat (--undo unpins it)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "share" -d 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "unshare" -d 'Remove a chat\'s share link'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "move" -d 'Move a chat into a folder (--none: out of any folder)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "tag" -d 'Tag a chat (--remove takes the tag off)'
complete -c owui -n "__fish_owui_using_subcommand chats; and not __fish_seen_subcommand_from list show search export import delete archive pin share unshare move tag help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from list" -l archived -d 'Archived chats instead'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from show" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from show" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from search" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from search" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from search" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from search" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from search" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from export" -l format -d 'json (importable) or md' -r -f -a "json\t''
md\t''"
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from export" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from export" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from export" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from import" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from import" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from import" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from archive" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from archive" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from archive" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from archive" -l undo
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from archive" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from archive" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from archive" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from pin" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from pin" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from pin" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from pin" -l undo
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from pin" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from pin" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from pin" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from share" -l mode -d 'continue: readers with access reach the live chat; snapshot: readers see the snapshot only (default: the share\'s current mode, snapshot for a new share)' -r -f -a "continue\t''
snapshot\t''"
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from share" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from share" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from share" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from share" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from share" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from share" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from unshare" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from unshare" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from unshare" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from unshare" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from unshare" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from unshare" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from move" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from move" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from move" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from move" -l none -d 'Out of any folder'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from move" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from move" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from move" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from tag" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from tag" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from tag" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from tag" -l remove
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from tag" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from tag" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from tag" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "list" -d 'List chats, newest first (not archived unless --archived)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one chat (the current branch) as Markdown, or JSON with --json'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "search" -d 'Search titles and messages (upstream\'s syntax: tag:X, pinned:true, archived:true, shared:false, free text)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write chats in the API\'s JSON (all of them, or the ids given)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a chat'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "archive" -d 'Archive a chat (--undo brings it back)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "pin" -d 'Pin a chat (--undo unpins it)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "share" -d 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "unshare" -d 'Remove a chat\'s share link'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "move" -d 'Move a chat into a folder (--none: out of any folder)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "tag" -d 'Tag a chat (--remove takes the tag off)'
complete -c owui -n "__fish_owui_using_subcommand chats; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -f -a "list" -d 'List folders'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -f -a "create" -d 'Create a folder (inside --parent when given)'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -f -a "rename" -d 'Rename a folder'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -f -a "move" -d 'Move a folder under another one ("" or --root: to the top level)'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -f -a "delete" -d 'Delete a folder with its chats (--keep-chats moves them out instead)'
complete -c owui -n "__fish_owui_using_subcommand folders; and not __fish_seen_subcommand_from list create rename move delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from create" -l parent -d 'Parent folder (id or name)' -r
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from create" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from create" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from rename" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from rename" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from rename" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from rename" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from move" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from move" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from move" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from move" -l root -d 'Move to the top level'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from move" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from move" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from move" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from delete" -l keep-chats -d 'Keep the chats, out of any folder'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from help" -f -a "list" -d 'List folders'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a folder (inside --parent when given)'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a folder'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from help" -f -a "move" -d 'Move a folder under another one ("" or --root: to the top level)'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a folder with its chats (--keep-chats moves them out instead)'
complete -c owui -n "__fish_owui_using_subcommand folders; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "list" -d 'List the models you may read (presets and overrides)'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "show" -d 'Show one model (--json: the API\'s JSON, as GET /api/v1/models/model)'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "create" -d 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "update" -d 'Change a model; flags not given keep their values'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "delete" -d 'Delete a model with its sharing and history'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "export" -d 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "import" -d 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created'
complete -c owui -n "__fish_owui_using_subcommand models; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from show" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from show" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l name -d 'Display name [default: the id]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l base -d 'The model it runs on (a provider model or another preset)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l system -d 'System prompt' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l description -d 'Description shown in the model selector' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l tag -d 'A tag (repeatable)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l params -d 'Parameters as a JSON object (e.g. \'{"temperature":0.2}\')' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l meta -d 'More metadata as a JSON object (merged over the flags above)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l inactive -d 'Create it disabled'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l name -d 'New display name' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l base -d 'New base model ("" makes it an override; admins only)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l system -d 'New system prompt ("" removes it)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l description -d 'New description' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l tag -d 'Replace the tags with these (repeatable)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l params -d 'Replace the parameters with this JSON object (the system prompt stays unless --system changes it)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l meta -d 'Metadata keys to set, as a JSON object (merged)' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l active -d 'Enable or disable it' -r -f -a "true\t''
false\t''"
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l message -d 'Note stored with the new version' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from export" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from export" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from export" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from import" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from import" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from import" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the models you may read (presets and overrides)'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one model (--json: the API\'s JSON, as GET /api/v1/models/model)'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a model; flags not given keep their values'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a model with its sharing and history'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created'
complete -c owui -n "__fish_owui_using_subcommand models; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "list" -d 'List the knowledge bases you may read, most recently changed first'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "show" -d 'Show one knowledge base by id or name (--json: the API\'s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "create" -d 'Create an empty knowledge base'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "delete" -d 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "add" -d 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "remove" -d 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "search" -d 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "reindex" -d 'Rebuild every knowledge base\'s vectors from its files\' stored text (admins only): after a change of embedding model'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and not __fish_seen_subcommand_from list show create delete add remove search reindex help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from list" -l query -d 'Only those whose name, description or owner contains this' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from show" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from show" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from create" -l description -d 'What it holds' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from create" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from create" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from add" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from add" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from add" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from remove" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from remove" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from remove" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from remove" -l keep -d 'Keep the files: only take them out of the knowledge base'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from search" -s k -d 'How many chunks [default: the admin\'s Top K]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from search" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from search" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from search" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from search" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from search" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from reindex" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from reindex" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from reindex" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from reindex" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from reindex" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from reindex" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the knowledge bases you may read, most recently changed first'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one knowledge base by id or name (--json: the API\'s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an empty knowledge base'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "add" -d 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "search" -d 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "reindex" -d 'Rebuild every knowledge base\'s vectors from its files\' stored text (admins only): after a change of embedding model'
complete -c owui -n "__fish_owui_using_subcommand knowledge; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "list" -d 'List the prompts you may read, disabled ones included'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "show" -d 'Show one prompt by command or id (--json: the API\'s JSON, as GET /api/v1/prompts/id/{id} with the owner)'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "create" -d 'Create a prompt, typed in the chat input as /COMMAND'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "update" -d 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "delete" -d 'Delete a prompt with its versions and sharing'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "export" -d 'Print the enabled prompts you may read as JSON, as the web UI\'s "Export JSON" writes them'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "import" -d 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file'
complete -c owui -n "__fish_owui_using_subcommand prompts; and not __fish_seen_subcommand_from list show create update delete export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -l query -d 'Only prompts whose name, command, content or owner contains this' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -l tag -d 'Only prompts with this tag' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from show" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from show" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l name -d 'Display name [default: the command]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l content -d 'The template text ({{CLIPBOARD}}, {{USER_NAME}}, {{name}}... are filled in by the web UI when the prompt is used)' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l file -d 'Read the template text from a file ("-" reads stdin)' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l tag -d 'A tag (repeatable)' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l message -d 'Note stored with the first version [default: Initial version]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l command -d 'New slash command' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l name -d 'New display name' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l content -d 'New template text' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l file -d 'Read the new template text from a file ("-" reads stdin)' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l tag -d 'Replace the tags with these (repeatable)' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l message -d 'Note stored with the new version' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l active -d 'Enable or disable it (disabled prompts leave the / menu)' -r -f -a "true\t''
false\t''"
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l draft -d 'Store the change as a draft version; the live prompt keeps its text (the command still changes)'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from export" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from export" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from export" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from import" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from import" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from import" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the prompts you may read, disabled ones included'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one prompt by command or id (--json: the API\'s JSON, as GET /api/v1/prompts/id/{id} with the owner)'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a prompt, typed in the chat input as /COMMAND'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a prompt with its versions and sharing'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print the enabled prompts you may read as JSON, as the web UI\'s "Export JSON" writes them'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "import" -d 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file'
complete -c owui -n "__fish_owui_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -f -a "list" -d 'List your memories, oldest first'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -f -a "add" -d 'Keep a new memory'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -f -a "delete" -d 'Delete one memory by id'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -f -a "clear" -d 'Delete all your memories'
complete -c owui -n "__fish_owui_using_subcommand memories; and not __fish_seen_subcommand_from list add delete clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -l type -d 'user: a fact about you, always given to the model; context: found when it is relevant to the question' -r -f -a "user\t''
context\t''"
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -l path -d 'File it under a path such as work/projects/alpha' -r
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from clear" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from clear" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from clear" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from clear" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your memories, oldest first'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from help" -f -a "add" -d 'Keep a new memory'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete one memory by id'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Delete all your memories'
complete -c owui -n "__fish_owui_using_subcommand memories; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -f -a "list" -d 'List files, newest upload first'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -f -a "upload" -d 'Store files as your uploads and index them for search'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -f -a "show" -d 'Show one file (--json: as GET /api/v1/files/{id})'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -f -a "delete" -d 'Delete a file: its record and its stored bytes (no question asked)'
complete -c owui -n "__fish_owui_using_subcommand files; and not __fish_seen_subcommand_from list upload show delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l user -d 'Only this user\'s files (id or email; admins only, unless it is you)' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l search -d 'Only files whose name matches this glob (* any run of characters, ? one; case-insensitive), e.g. \'*.pdf\'' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l limit -d 'At most this many files [default: all]' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l skip -d 'Skip this many files first' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from upload" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from upload" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from upload" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from upload" -l no-process -d 'Store only: do not extract or index the text (as the web UI\'s upload with process=false)'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from upload" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from upload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from upload" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from show" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from show" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from delete" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from delete" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "list" -d 'List files, newest upload first'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "upload" -d 'Store files as your uploads and index them for search'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one file (--json: as GET /api/v1/files/{id})'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a file: its record and its stored bytes (no question asked)'
complete -c owui -n "__fish_owui_using_subcommand files; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -f -a "export" -d 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only'
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -f -a "leaderboard" -d 'The models ranked by Elo rating from users\' comparisons of answers; admins only'
complete -c owui -n "__fish_owui_using_subcommand feedback; and not __fish_seen_subcommand_from export leaderboard help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from export" -l model -d 'Only ratings of this model' -r
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from export" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from export" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from export" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from leaderboard" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from leaderboard" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from leaderboard" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from leaderboard" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from leaderboard" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from leaderboard" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from help" -f -a "leaderboard" -d 'The models ranked by Elo rating from users\' comparisons of answers; admins only'
complete -c owui -n "__fish_owui_using_subcommand feedback; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -f -a "show" -d 'Show every setting and stored config key with its value and source'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -f -a "get" -d 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -f -a "set" -d 'Change a stored config key (the value is JSON, or else a string)'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -f -a "export" -d 'Print the whole config store as JSON (contains secrets)'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -f -a "import" -d 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file'
complete -c owui -n "__fish_owui_using_subcommand config; and not __fish_seen_subcommand_from show get set export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from show" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from get" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from get" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from get" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from set" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from set" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from export" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from export" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from export" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from import" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from import" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from import" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show every setting and stored config key with its value and source'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a stored config key (the value is JSON, or else a string)'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print the whole config store as JSON (contains secrets)'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "import" -d 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file'
complete -c owui -n "__fish_owui_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -f -a "list" -d 'List the connections of both kinds with their index'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -f -a "add" -d 'Add a connection at the end of its kind\'s list'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -f -a "remove" -d 'Remove a connection by index (later ones move up)'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -f -a "test" -d 'Fetch a connection\'s model list and print the model ids'
complete -c owui -n "__fish_owui_using_subcommand connections; and not __fish_seen_subcommand_from list add remove test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from list" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from list" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l kind -d 'openai or ollama' -r -f -a "openai\t'An OpenAI-compatible API (OpenAI, llama.cpp, vLLM, LM Studio, ...)'
ollama\t'An Ollama server'"
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l key -d 'API key (sent as a Bearer token)' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l prefix -d 'Show the connection\'s models as PREFIX.<model id>' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l model-id -d 'Offer only these models (OpenAI: without asking the server)' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from remove" -l kind -d 'openai or ollama' -r -f -a "openai\t'An OpenAI-compatible API (OpenAI, llama.cpp, vLLM, LM Studio, ...)'
ollama\t'An Ollama server'"
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from remove" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from remove" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from remove" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from test" -l kind -d 'openai or ollama' -r -f -a "openai\t'An OpenAI-compatible API (OpenAI, llama.cpp, vLLM, LM Studio, ...)'
ollama\t'An Ollama server'"
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from test" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from test" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from test" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from test" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the connections of both kinds with their index'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a connection at the end of its kind\'s list'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a connection by index (later ones move up)'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "test" -d 'Fetch a connection\'s model list and print the model ids'
complete -c owui -n "__fish_owui_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand completions" -l out-dir -d 'Write the file(s) into this directory instead of standard output' -r -F
complete -c owui -n "__fish_owui_using_subcommand completions" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand completions" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand completions" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand completions" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand completions" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand completions" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand man" -l out-dir -d 'Directory to write owui.1, owui-users.1, ... into' -r -F
complete -c owui -n "__fish_owui_using_subcommand man" -l data-dir -d 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]' -r -F
complete -c owui -n "__fish_owui_using_subcommand man" -l config -d 'Settings file (TOML, upstream\'s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]' -r -F
complete -c owui -n "__fish_owui_using_subcommand man" -l as -d 'Act as this user (id or email) for per-user data such as chats [default: the only admin]' -r
complete -c owui -n "__fish_owui_using_subcommand man" -l json -d 'Print machine-readable JSON instead of tables'
complete -c owui -n "__fish_owui_using_subcommand man" -s h -l help -d 'Print help'
complete -c owui -n "__fish_owui_using_subcommand man" -s V -l version -d 'Print version'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "serve" -d 'Serve Open WebUI\'s REST API and socket.io events (and a frontend)'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "users" -d 'Manage user accounts'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "groups" -d 'Manage groups and their members'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "ask" -d 'Ask a model a question; the answer streams to stdout and is kept as a chat'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "chat" -d 'Chat in the terminal: your chats, streamed answers, models (F1 lists the keys)'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "chats" -d 'List, search, export and import a user\'s chats'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "folders" -d 'Manage a user\'s chat folders'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "models" -d 'Manage workspace models: presets and provider-model overrides'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "knowledge" -d 'Manage knowledge bases: collections of files models can draw on'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "prompts" -d 'Manage prompts: the templates typed in the chat input as /command'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "memories" -d 'Keep, list and delete your memories: facts the models may be told about you'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "files" -d 'List, upload, show and delete uploaded files'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "feedback" -d 'Export users\' ratings of answers and show the model leaderboard (admins)'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "config" -d 'Show and change settings and the admin config store'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "connections" -d 'List, add, remove and test the OpenAI and Ollama connections'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "completions" -d 'Print shell completions (or write them to a directory)'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "man" -d 'Write the manual pages to a directory'
complete -c owui -n "__fish_owui_using_subcommand help; and not __fish_seen_subcommand_from serve users groups ask chat chats folders models knowledge prompts memories files feedback config connections completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "list" -d 'List every user, newest first'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "get" -d 'Show one user'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "create" -d 'Create a user'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "update" -d 'Change a user\'s name, email or role'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "delete" -d 'Delete a user and everything they own'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "set-role" -d 'Set a user\'s role'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "reset-password" -d 'Set a new password; the user\'s sessions end everywhere'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "list" -d 'List every group'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "get" -d 'Show one group and its direct members'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "create" -d 'Create a group'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "update" -d 'Change a group'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete" -d 'Delete a group (its children move to its parent)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "add-member" -d 'Add users to a group'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "remove-member" -d 'Remove users from a group'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "list" -d 'List chats, newest first (not archived unless --archived)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "show" -d 'Print one chat (the current branch) as Markdown, or JSON with --json'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "search" -d 'Search titles and messages (upstream\'s syntax: tag:X, pinned:true, archived:true, shared:false, free text)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "export" -d 'Write chats in the API\'s JSON (all of them, or the ids given)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "import" -d 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "delete" -d 'Delete a chat'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "archive" -d 'Archive a chat (--undo brings it back)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "pin" -d 'Pin a chat (--undo unpins it)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "share" -d 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "unshare" -d 'Remove a chat\'s share link'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "move" -d 'Move a chat into a folder (--none: out of any folder)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from chats" -f -a "tag" -d 'Tag a chat (--remove takes the tag off)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from folders" -f -a "list" -d 'List folders'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from folders" -f -a "create" -d 'Create a folder (inside --parent when given)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from folders" -f -a "rename" -d 'Rename a folder'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from folders" -f -a "move" -d 'Move a folder under another one ("" or --root: to the top level)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from folders" -f -a "delete" -d 'Delete a folder with its chats (--keep-chats moves them out instead)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "list" -d 'List the models you may read (presets and overrides)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "show" -d 'Show one model (--json: the API\'s JSON, as GET /api/v1/models/model)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "create" -d 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "update" -d 'Change a model; flags not given keep their values'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "delete" -d 'Delete a model with its sharing and history'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "export" -d 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from models" -f -a "import" -d 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "list" -d 'List the knowledge bases you may read, most recently changed first'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "show" -d 'Show one knowledge base by id or name (--json: the API\'s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "create" -d 'Create an empty knowledge base'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "delete" -d 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "add" -d 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "remove" -d 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "search" -d 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from knowledge" -f -a "reindex" -d 'Rebuild every knowledge base\'s vectors from its files\' stored text (admins only): after a change of embedding model'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "list" -d 'List the prompts you may read, disabled ones included'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "show" -d 'Show one prompt by command or id (--json: the API\'s JSON, as GET /api/v1/prompts/id/{id} with the owner)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "create" -d 'Create a prompt, typed in the chat input as /COMMAND'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "update" -d 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "delete" -d 'Delete a prompt with its versions and sharing'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "export" -d 'Print the enabled prompts you may read as JSON, as the web UI\'s "Export JSON" writes them'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "import" -d 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from memories" -f -a "list" -d 'List your memories, oldest first'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from memories" -f -a "add" -d 'Keep a new memory'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from memories" -f -a "delete" -d 'Delete one memory by id'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from memories" -f -a "clear" -d 'Delete all your memories'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "list" -d 'List files, newest upload first'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "upload" -d 'Store files as your uploads and index them for search'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "show" -d 'Show one file (--json: as GET /api/v1/files/{id})'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from files" -f -a "delete" -d 'Delete a file: its record and its stored bytes (no question asked)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from feedback" -f -a "export" -d 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from feedback" -f -a "leaderboard" -d 'The models ranked by Elo rating from users\' comparisons of answers; admins only'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show every setting and stored config key with its value and source'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Change a stored config key (the value is JSON, or else a string)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "export" -d 'Print the whole config store as JSON (contains secrets)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "import" -d 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "list" -d 'List the connections of both kinds with their index'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "add" -d 'Add a connection at the end of its kind\'s list'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "remove" -d 'Remove a connection by index (later ones move up)'
complete -c owui -n "__fish_owui_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "test" -d 'Fetch a connection\'s model list and print the model ids'
