
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'owui' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'owui'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'owui' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve Open WebUI''s REST API and socket.io events (and a frontend)')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'Manage user accounts')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Manage groups and their members')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Ask a model a question; the answer streams to stdout and is kept as a chat')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Chat in the terminal: your chats, streamed answers, models (F1 lists the keys)')
            [CompletionResult]::new('chats', 'chats', [CompletionResultType]::ParameterValue, 'List, search, export and import a user''s chats')
            [CompletionResult]::new('folders', 'folders', [CompletionResultType]::ParameterValue, 'Manage a user''s chat folders')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'Manage workspace models: presets and provider-model overrides')
            [CompletionResult]::new('knowledge', 'knowledge', [CompletionResultType]::ParameterValue, 'Manage knowledge bases: collections of files models can draw on')
            [CompletionResult]::new('prompts', 'prompts', [CompletionResultType]::ParameterValue, 'Manage prompts: the templates typed in the chat input as /command')
            [CompletionResult]::new('memories', 'memories', [CompletionResultType]::ParameterValue, 'Keep, list and delete your memories: facts the models may be told about you')
            [CompletionResult]::new('files', 'files', [CompletionResultType]::ParameterValue, 'List, upload, show and delete uploaded files')
            [CompletionResult]::new('feedback', 'feedback', [CompletionResultType]::ParameterValue, 'Export users'' ratings of answers and show the model leaderboard (admins)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show and change settings and the admin config store')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'List, add, remove and test the OpenAI and Ollama connections')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (or write them to a directory)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the manual pages to a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;serve' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to listen on [env: HOST] [default: 0.0.0.0]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to listen on [env: PORT] [default: 8080]')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on [env: PORT] [default: 8080]')
            [CompletionResult]::new('--frontend', '--frontend', [CompletionResultType]::ParameterName, 'Directory of a built single-page app to serve at / (e.g. the Open WebUI frontend) [env: FRONTEND_DIR]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every user, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one user')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s name, email or role')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user and everything they own')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Set a user''s role')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password; the user''s sessions end everywhere')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;users;list' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users;get' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email address (also the sign-in name)')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Password (visible to other local users through the process list; prefer --password-stdin)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role: admin, user or pending')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New display name')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'New email address')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'New role: admin, user or pending')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users;set-role' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users;reset-password' {
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'New password (prefer --password-stdin)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the new password from the first line of standard input')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;users;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every user, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one user')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s name, email or role')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user and everything they own')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Set a user''s role')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password; the user''s sessions end everywhere')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;users;help;list' {
            break
        }
        'owui;users;help;get' {
            break
        }
        'owui;users;help;create' {
            break
        }
        'owui;users;help;update' {
            break
        }
        'owui;users;help;delete' {
            break
        }
        'owui;users;help;set-role' {
            break
        }
        'owui;users;help;reset-password' {
            break
        }
        'owui;users;help;help' {
            break
        }
        'owui;groups' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every group')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one group and its direct members')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (its children move to its parent)')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add users to a group')
            [CompletionResult]::new('remove-member', 'remove-member', [CompletionResultType]::ParameterValue, 'Remove users from a group')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;groups;list' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;groups;get' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;groups;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Group name')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What the group is for')
            [CompletionResult]::new('--parent', '--parent', [CompletionResultType]::ParameterName, 'Parent group (id or name): members of this group count as members of the parent too')
            [CompletionResult]::new('--permissions', '--permissions', [CompletionResultType]::ParameterName, 'Permissions this group adds, as JSON (e.g. ''{"workspace":{"models":true}}'')')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;groups;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New name')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'New description')
            [CompletionResult]::new('--parent', '--parent', [CompletionResultType]::ParameterName, 'New parent (id or name); "" makes it a top-level group')
            [CompletionResult]::new('--permissions', '--permissions', [CompletionResultType]::ParameterName, 'Permissions this group adds, as JSON (replaces the old ones)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;groups;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;groups;add-member' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;groups;remove-member' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;groups;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every group')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one group and its direct members')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (its children move to its parent)')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add users to a group')
            [CompletionResult]::new('remove-member', 'remove-member', [CompletionResultType]::ParameterValue, 'Remove users from a group')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;groups;help;list' {
            break
        }
        'owui;groups;help;get' {
            break
        }
        'owui;groups;help;create' {
            break
        }
        'owui;groups;help;update' {
            break
        }
        'owui;groups;help;delete' {
            break
        }
        'owui;groups;help;add-member' {
            break
        }
        'owui;groups;help;remove-member' {
            break
        }
        'owui;groups;help;help' {
            break
        }
        'owui;ask' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model id [default: the chat''s model, else the first default model, else the first model available]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model id [default: the chat''s model, else the first default model, else the first model available]')
            [CompletionResult]::new('--chat', '--chat', [CompletionResultType]::ParameterName, 'Continue this chat (its current branch) instead of starting one')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A system prompt for this question')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'A system prompt for this question')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Upload and index this file, and answer from it (repeatable)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Upload and index this file, and answer from it (repeatable)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Answer from this knowledge base, by name or id (repeatable)')
            [CompletionResult]::new('--knowledge', '--knowledge', [CompletionResultType]::ParameterName, 'Answer from this knowledge base, by name or id (repeatable)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--no-save', '--no-save', [CompletionResultType]::ParameterName, 'Do not keep the exchange as a chat')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chat' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Model id [default: the chat''s model, else the first default model, else the first model available]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model id [default: the chat''s model, else the first default model, else the first model available]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Chat through this owui or Open WebUI server''s API instead of the data directory [env: OWUI_SERVER]')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'The API key (sk-...) or session token for --server; prefer the environment, which other users cannot see [env: OWUI_API_KEY]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List chats, newest first (not archived unless --archived)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one chat (the current branch) as Markdown, or JSON with --json')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search titles and messages (upstream''s syntax: tag:X, pinned:true, archived:true, shared:false, free text)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write chats in the API''s JSON (all of them, or the ids given)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a chat')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Archive a chat (--undo brings it back)')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a chat (--undo unpins it)')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot')
            [CompletionResult]::new('unshare', 'unshare', [CompletionResultType]::ParameterValue, 'Remove a chat''s share link')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a chat into a folder (--none: out of any folder)')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Tag a chat (--remove takes the tag off)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;chats;list' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--archived', '--archived', [CompletionResultType]::ParameterName, 'Archived chats instead')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;show' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;search' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'json (importable) or md')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;import' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;archive' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--undo', '--undo', [CompletionResultType]::ParameterName, 'undo')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;pin' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--undo', '--undo', [CompletionResultType]::ParameterName, 'undo')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;share' {
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'continue: readers with access reach the live chat; snapshot: readers see the snapshot only (default: the share''s current mode, snapshot for a new share)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;unshare' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;move' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--none', '--none', [CompletionResultType]::ParameterName, 'Out of any folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;tag' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'remove')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;chats;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List chats, newest first (not archived unless --archived)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one chat (the current branch) as Markdown, or JSON with --json')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search titles and messages (upstream''s syntax: tag:X, pinned:true, archived:true, shared:false, free text)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write chats in the API''s JSON (all of them, or the ids given)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a chat')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Archive a chat (--undo brings it back)')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a chat (--undo unpins it)')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot')
            [CompletionResult]::new('unshare', 'unshare', [CompletionResultType]::ParameterValue, 'Remove a chat''s share link')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a chat into a folder (--none: out of any folder)')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Tag a chat (--remove takes the tag off)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;chats;help;list' {
            break
        }
        'owui;chats;help;show' {
            break
        }
        'owui;chats;help;search' {
            break
        }
        'owui;chats;help;export' {
            break
        }
        'owui;chats;help;import' {
            break
        }
        'owui;chats;help;delete' {
            break
        }
        'owui;chats;help;archive' {
            break
        }
        'owui;chats;help;pin' {
            break
        }
        'owui;chats;help;share' {
            break
        }
        'owui;chats;help;unshare' {
            break
        }
        'owui;chats;help;move' {
            break
        }
        'owui;chats;help;tag' {
            break
        }
        'owui;chats;help;help' {
            break
        }
        'owui;folders' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List folders')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a folder (inside --parent when given)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a folder')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a folder under another one ("" or --root: to the top level)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a folder with its chats (--keep-chats moves them out instead)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;folders;list' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;folders;create' {
            [CompletionResult]::new('--parent', '--parent', [CompletionResultType]::ParameterName, 'Parent folder (id or name)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;folders;rename' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;folders;move' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Move to the top level')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;folders;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--keep-chats', '--keep-chats', [CompletionResultType]::ParameterName, 'Keep the chats, out of any folder')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;folders;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List folders')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a folder (inside --parent when given)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a folder')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a folder under another one ("" or --root: to the top level)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a folder with its chats (--keep-chats moves them out instead)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;folders;help;list' {
            break
        }
        'owui;folders;help;create' {
            break
        }
        'owui;folders;help;rename' {
            break
        }
        'owui;folders;help;move' {
            break
        }
        'owui;folders;help;delete' {
            break
        }
        'owui;folders;help;help' {
            break
        }
        'owui;models' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models you may read (presets and overrides)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one model (--json: the API''s JSON, as GET /api/v1/models/model)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a model; flags not given keep their values')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a model with its sharing and history')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;models;list' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;models;show' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;models;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name [default: the id]')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The model it runs on (a provider model or another preset)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'System prompt')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Description shown in the model selector')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag (repeatable)')
            [CompletionResult]::new('--params', '--params', [CompletionResultType]::ParameterName, 'Parameters as a JSON object (e.g. ''{"temperature":0.2}'')')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'More metadata as a JSON object (merged over the flags above)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--inactive', '--inactive', [CompletionResultType]::ParameterName, 'Create it disabled')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;models;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New display name')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'New base model ("" makes it an override; admins only)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'New system prompt ("" removes it)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'New description')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Replace the tags with these (repeatable)')
            [CompletionResult]::new('--params', '--params', [CompletionResultType]::ParameterName, 'Replace the parameters with this JSON object (the system prompt stays unless --system changes it)')
            [CompletionResult]::new('--meta', '--meta', [CompletionResultType]::ParameterName, 'Metadata keys to set, as a JSON object (merged)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Enable or disable it')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Note stored with the new version')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;models;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;models;export' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;models;import' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;models;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models you may read (presets and overrides)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one model (--json: the API''s JSON, as GET /api/v1/models/model)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a model; flags not given keep their values')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a model with its sharing and history')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;models;help;list' {
            break
        }
        'owui;models;help;show' {
            break
        }
        'owui;models;help;create' {
            break
        }
        'owui;models;help;update' {
            break
        }
        'owui;models;help;delete' {
            break
        }
        'owui;models;help;export' {
            break
        }
        'owui;models;help;import' {
            break
        }
        'owui;models;help;help' {
            break
        }
        'owui;knowledge' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the knowledge bases you may read, most recently changed first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one knowledge base by id or name (--json: the API''s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an empty knowledge base')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})')
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild every knowledge base''s vectors from its files'' stored text (admins only): after a change of embedding model')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;knowledge;list' {
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Only those whose name, description or owner contains this')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;show' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;create' {
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What it holds')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;add' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;remove' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the files: only take them out of the knowledge base')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;search' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'How many chunks [default: the admin''s Top K]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;reindex' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;knowledge;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the knowledge bases you may read, most recently changed first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one knowledge base by id or name (--json: the API''s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an empty knowledge base')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})')
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild every knowledge base''s vectors from its files'' stored text (admins only): after a change of embedding model')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;knowledge;help;list' {
            break
        }
        'owui;knowledge;help;show' {
            break
        }
        'owui;knowledge;help;create' {
            break
        }
        'owui;knowledge;help;delete' {
            break
        }
        'owui;knowledge;help;add' {
            break
        }
        'owui;knowledge;help;remove' {
            break
        }
        'owui;knowledge;help;search' {
            break
        }
        'owui;knowledge;help;reindex' {
            break
        }
        'owui;knowledge;help;help' {
            break
        }
        'owui;prompts' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the prompts you may read, disabled ones included')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one prompt by command or id (--json: the API''s JSON, as GET /api/v1/prompts/id/{id} with the owner)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a prompt, typed in the chat input as /COMMAND')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a prompt with its versions and sharing')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the enabled prompts you may read as JSON, as the web UI''s "Export JSON" writes them')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;prompts;list' {
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Only prompts whose name, command, content or owner contains this')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only prompts with this tag')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;prompts;show' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;prompts;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name [default: the command]')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'The template text ({{CLIPBOARD}}, {{USER_NAME}}, {{name}}... are filled in by the web UI when the prompt is used)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the template text from a file ("-" reads stdin)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag (repeatable)')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Note stored with the first version [default: Initial version]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;prompts;update' {
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'New slash command')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New display name')
            [CompletionResult]::new('--content', '--content', [CompletionResultType]::ParameterName, 'New template text')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the new template text from a file ("-" reads stdin)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Replace the tags with these (repeatable)')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Note stored with the new version')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Enable or disable it (disabled prompts leave the / menu)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--draft', '--draft', [CompletionResultType]::ParameterName, 'Store the change as a draft version; the live prompt keeps its text (the command still changes)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;prompts;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;prompts;export' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;prompts;import' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;prompts;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the prompts you may read, disabled ones included')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one prompt by command or id (--json: the API''s JSON, as GET /api/v1/prompts/id/{id} with the owner)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a prompt, typed in the chat input as /COMMAND')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a prompt with its versions and sharing')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the enabled prompts you may read as JSON, as the web UI''s "Export JSON" writes them')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;prompts;help;list' {
            break
        }
        'owui;prompts;help;show' {
            break
        }
        'owui;prompts;help;create' {
            break
        }
        'owui;prompts;help;update' {
            break
        }
        'owui;prompts;help;delete' {
            break
        }
        'owui;prompts;help;export' {
            break
        }
        'owui;prompts;help;import' {
            break
        }
        'owui;prompts;help;help' {
            break
        }
        'owui;memories' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your memories, oldest first')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Keep a new memory')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one memory by id')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Delete all your memories')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;memories;list' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;memories;add' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'user: a fact about you, always given to the model; context: found when it is relevant to the question')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'File it under a path such as work/projects/alpha')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;memories;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;memories;clear' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;memories;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your memories, oldest first')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Keep a new memory')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one memory by id')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Delete all your memories')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;memories;help;list' {
            break
        }
        'owui;memories;help;add' {
            break
        }
        'owui;memories;help;delete' {
            break
        }
        'owui;memories;help;clear' {
            break
        }
        'owui;memories;help;help' {
            break
        }
        'owui;files' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List files, newest upload first')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Store files as your uploads and index them for search')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one file (--json: as GET /api/v1/files/{id})')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a file: its record and its stored bytes (no question asked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;files;list' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only this user''s files (id or email; admins only, unless it is you)')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only files whose name matches this glob (* any run of characters, ? one; case-insensitive), e.g. ''*.pdf''')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many files [default: all]')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Skip this many files first')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;files;upload' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--no-process', '--no-process', [CompletionResultType]::ParameterName, 'Store only: do not extract or index the text (as the web UI''s upload with process=false)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;files;show' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;files;delete' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;files;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List files, newest upload first')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Store files as your uploads and index them for search')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one file (--json: as GET /api/v1/files/{id})')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a file: its record and its stored bytes (no question asked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;files;help;list' {
            break
        }
        'owui;files;help;upload' {
            break
        }
        'owui;files;help;show' {
            break
        }
        'owui;files;help;delete' {
            break
        }
        'owui;files;help;help' {
            break
        }
        'owui;feedback' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only')
            [CompletionResult]::new('leaderboard', 'leaderboard', [CompletionResultType]::ParameterValue, 'The models ranked by Elo rating from users'' comparisons of answers; admins only')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;feedback;export' {
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Only ratings of this model')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;feedback;leaderboard' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;feedback;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only')
            [CompletionResult]::new('leaderboard', 'leaderboard', [CompletionResultType]::ParameterValue, 'The models ranked by Elo rating from users'' comparisons of answers; admins only')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;feedback;help;export' {
            break
        }
        'owui;feedback;help;leaderboard' {
            break
        }
        'owui;feedback;help;help' {
            break
        }
        'owui;config' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every setting and stored config key with its value and source')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a stored config key (the value is JSON, or else a string)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the whole config store as JSON (contains secrets)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;config;show' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;config;get' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;config;set' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;config;export' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;config;import' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every setting and stored config key with its value and source')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a stored config key (the value is JSON, or else a string)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the whole config store as JSON (contains secrets)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;config;help;show' {
            break
        }
        'owui;config;help;get' {
            break
        }
        'owui;config;help;set' {
            break
        }
        'owui;config;help;export' {
            break
        }
        'owui;config;help;import' {
            break
        }
        'owui;config;help;help' {
            break
        }
        'owui;connections' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the connections of both kinds with their index')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a connection at the end of its kind''s list')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a connection by index (later ones move up)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Fetch a connection''s model list and print the model ids')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;connections;list' {
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;connections;add' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'openai or ollama')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'API key (sent as a Bearer token)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Show the connection''s models as PREFIX.<model id>')
            [CompletionResult]::new('--model-id', '--model-id', [CompletionResultType]::ParameterName, 'Offer only these models (OpenAI: without asking the server)')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;connections;remove' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'openai or ollama')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;connections;test' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'openai or ollama')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;connections;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the connections of both kinds with their index')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a connection at the end of its kind''s list')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a connection by index (later ones move up)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Fetch a connection''s model list and print the model ids')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;connections;help;list' {
            break
        }
        'owui;connections;help;add' {
            break
        }
        'owui;connections;help;remove' {
            break
        }
        'owui;connections;help;test' {
            break
        }
        'owui;connections;help;help' {
            break
        }
        'owui;completions' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write the file(s) into this directory instead of standard output')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory to write owui.1, owui-users.1, ... into')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the database and the secret key [env: DATA_DIR] [default: the platform data dir, e.g. ~/.local/share/owui]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Settings file (TOML, upstream''s setting names in lower case) [default: ~/.config/owui/config.toml when it exists]')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Act as this user (id or email) for per-user data such as chats [default: the only admin]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'owui;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve Open WebUI''s REST API and socket.io events (and a frontend)')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'Manage user accounts')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'Manage groups and their members')
            [CompletionResult]::new('ask', 'ask', [CompletionResultType]::ParameterValue, 'Ask a model a question; the answer streams to stdout and is kept as a chat')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Chat in the terminal: your chats, streamed answers, models (F1 lists the keys)')
            [CompletionResult]::new('chats', 'chats', [CompletionResultType]::ParameterValue, 'List, search, export and import a user''s chats')
            [CompletionResult]::new('folders', 'folders', [CompletionResultType]::ParameterValue, 'Manage a user''s chat folders')
            [CompletionResult]::new('models', 'models', [CompletionResultType]::ParameterValue, 'Manage workspace models: presets and provider-model overrides')
            [CompletionResult]::new('knowledge', 'knowledge', [CompletionResultType]::ParameterValue, 'Manage knowledge bases: collections of files models can draw on')
            [CompletionResult]::new('prompts', 'prompts', [CompletionResultType]::ParameterValue, 'Manage prompts: the templates typed in the chat input as /command')
            [CompletionResult]::new('memories', 'memories', [CompletionResultType]::ParameterValue, 'Keep, list and delete your memories: facts the models may be told about you')
            [CompletionResult]::new('files', 'files', [CompletionResultType]::ParameterValue, 'List, upload, show and delete uploaded files')
            [CompletionResult]::new('feedback', 'feedback', [CompletionResultType]::ParameterValue, 'Export users'' ratings of answers and show the model leaderboard (admins)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show and change settings and the admin config store')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'List, add, remove and test the OpenAI and Ollama connections')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (or write them to a directory)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the manual pages to a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'owui;help;serve' {
            break
        }
        'owui;help;users' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every user, newest first')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one user')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a user''s name, email or role')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user and everything they own')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Set a user''s role')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password; the user''s sessions end everywhere')
            break
        }
        'owui;help;users;list' {
            break
        }
        'owui;help;users;get' {
            break
        }
        'owui;help;users;create' {
            break
        }
        'owui;help;users;update' {
            break
        }
        'owui;help;users;delete' {
            break
        }
        'owui;help;users;set-role' {
            break
        }
        'owui;help;users;reset-password' {
            break
        }
        'owui;help;groups' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every group')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show one group and its direct members')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a group')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a group')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a group (its children move to its parent)')
            [CompletionResult]::new('add-member', 'add-member', [CompletionResultType]::ParameterValue, 'Add users to a group')
            [CompletionResult]::new('remove-member', 'remove-member', [CompletionResultType]::ParameterValue, 'Remove users from a group')
            break
        }
        'owui;help;groups;list' {
            break
        }
        'owui;help;groups;get' {
            break
        }
        'owui;help;groups;create' {
            break
        }
        'owui;help;groups;update' {
            break
        }
        'owui;help;groups;delete' {
            break
        }
        'owui;help;groups;add-member' {
            break
        }
        'owui;help;groups;remove-member' {
            break
        }
        'owui;help;ask' {
            break
        }
        'owui;help;chat' {
            break
        }
        'owui;help;chats' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List chats, newest first (not archived unless --archived)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one chat (the current branch) as Markdown, or JSON with --json')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search titles and messages (upstream''s syntax: tag:X, pinned:true, archived:true, shared:false, free text)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write chats in the API''s JSON (all of them, or the ids given)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a chat')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Archive a chat (--undo brings it back)')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Pin a chat (--undo unpins it)')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Share a chat: print the share id (the link is /s/<share id>); sharing again refreshes the snapshot')
            [CompletionResult]::new('unshare', 'unshare', [CompletionResultType]::ParameterValue, 'Remove a chat''s share link')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a chat into a folder (--none: out of any folder)')
            [CompletionResult]::new('tag', 'tag', [CompletionResultType]::ParameterValue, 'Tag a chat (--remove takes the tag off)')
            break
        }
        'owui;help;chats;list' {
            break
        }
        'owui;help;chats;show' {
            break
        }
        'owui;help;chats;search' {
            break
        }
        'owui;help;chats;export' {
            break
        }
        'owui;help;chats;import' {
            break
        }
        'owui;help;chats;delete' {
            break
        }
        'owui;help;chats;archive' {
            break
        }
        'owui;help;chats;pin' {
            break
        }
        'owui;help;chats;share' {
            break
        }
        'owui;help;chats;unshare' {
            break
        }
        'owui;help;chats;move' {
            break
        }
        'owui;help;chats;tag' {
            break
        }
        'owui;help;folders' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List folders')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a folder (inside --parent when given)')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a folder')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a folder under another one ("" or --root: to the top level)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a folder with its chats (--keep-chats moves them out instead)')
            break
        }
        'owui;help;folders;list' {
            break
        }
        'owui;help;folders;create' {
            break
        }
        'owui;help;folders;rename' {
            break
        }
        'owui;help;folders;move' {
            break
        }
        'owui;help;folders;delete' {
            break
        }
        'owui;help;models' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the models you may read (presets and overrides)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one model (--json: the API''s JSON, as GET /api/v1/models/model)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a model: a preset on --base, or (admins) an override of a provider model with the same id')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a model; flags not given keep their values')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a model with its sharing and history')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print presets as JSON (as GET /api/v1/models/export); all you may change when no id is given')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import models exported by `owui models export` or Open WebUI ("-" reads stdin): existing ids are updated, new ones created')
            break
        }
        'owui;help;models;list' {
            break
        }
        'owui;help;models;show' {
            break
        }
        'owui;help;models;create' {
            break
        }
        'owui;help;models;update' {
            break
        }
        'owui;help;models;delete' {
            break
        }
        'owui;help;models;export' {
            break
        }
        'owui;help;models;import' {
            break
        }
        'owui;help;knowledge' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the knowledge bases you may read, most recently changed first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one knowledge base by id or name (--json: the API''s JSON, as in GET /api/v1/knowledge/ with the owner and the number of files)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an empty knowledge base')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a knowledge base with its folders and sharing; its files stay, and models stop referring to it')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Upload files into a knowledge base: each is stored as your upload, indexed and added (a file that fails is reported, the others go on; the exit status is non-zero when any failed)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take files out of a knowledge base, with their chunks; the files themselves are deleted too (yours, or any for an admin), as in the web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'The chunks of a knowledge base closest to a query, best first, with the file each comes from and its score (--json: an array of {file_id, name, score, text})')
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild every knowledge base''s vectors from its files'' stored text (admins only): after a change of embedding model')
            break
        }
        'owui;help;knowledge;list' {
            break
        }
        'owui;help;knowledge;show' {
            break
        }
        'owui;help;knowledge;create' {
            break
        }
        'owui;help;knowledge;delete' {
            break
        }
        'owui;help;knowledge;add' {
            break
        }
        'owui;help;knowledge;remove' {
            break
        }
        'owui;help;knowledge;search' {
            break
        }
        'owui;help;knowledge;reindex' {
            break
        }
        'owui;help;prompts' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the prompts you may read, disabled ones included')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one prompt by command or id (--json: the API''s JSON, as GET /api/v1/prompts/id/{id} with the owner)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a prompt, typed in the chat input as /COMMAND')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a prompt; flags not given keep their values. A change of name, command, text or tags is stored as a new version')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a prompt with its versions and sharing')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the enabled prompts you may read as JSON, as the web UI''s "Export JSON" writes them')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create prompts from a JSON export of owui or Open WebUI ("-" reads stdin); all or none: a taken command refuses the whole file')
            break
        }
        'owui;help;prompts;list' {
            break
        }
        'owui;help;prompts;show' {
            break
        }
        'owui;help;prompts;create' {
            break
        }
        'owui;help;prompts;update' {
            break
        }
        'owui;help;prompts;delete' {
            break
        }
        'owui;help;prompts;export' {
            break
        }
        'owui;help;prompts;import' {
            break
        }
        'owui;help;memories' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your memories, oldest first')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Keep a new memory')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete one memory by id')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Delete all your memories')
            break
        }
        'owui;help;memories;list' {
            break
        }
        'owui;help;memories;add' {
            break
        }
        'owui;help;memories;delete' {
            break
        }
        'owui;help;memories;clear' {
            break
        }
        'owui;help;files' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List files, newest upload first')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Store files as your uploads and index them for search')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one file (--json: as GET /api/v1/files/{id})')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a file: its record and its stored bytes (no question asked)')
            break
        }
        'owui;help;files;list' {
            break
        }
        'owui;help;files;upload' {
            break
        }
        'owui;help;files;show' {
            break
        }
        'owui;help;files;delete' {
            break
        }
        'owui;help;feedback' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print every rating as JSON, last changed first, with the chat it rated (as GET /api/v1/evaluations/feedbacks/all/export); admins only')
            [CompletionResult]::new('leaderboard', 'leaderboard', [CompletionResultType]::ParameterValue, 'The models ranked by Elo rating from users'' comparisons of answers; admins only')
            break
        }
        'owui;help;feedback;export' {
            break
        }
        'owui;help;feedback;leaderboard' {
            break
        }
        'owui;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every setting and stored config key with its value and source')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a stored config key (the value is JSON, or else a string)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the whole config store as JSON (contains secrets)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Load keys from a JSON file made by `export` ("-" reads stdin); an unknown key refuses the whole file')
            break
        }
        'owui;help;config;show' {
            break
        }
        'owui;help;config;get' {
            break
        }
        'owui;help;config;set' {
            break
        }
        'owui;help;config;export' {
            break
        }
        'owui;help;config;import' {
            break
        }
        'owui;help;connections' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the connections of both kinds with their index')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a connection at the end of its kind''s list')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a connection by index (later ones move up)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Fetch a connection''s model list and print the model ids')
            break
        }
        'owui;help;connections;list' {
            break
        }
        'owui;help;connections;add' {
            break
        }
        'owui;help;connections;remove' {
            break
        }
        'owui;help;connections;test' {
            break
        }
        'owui;help;completions' {
            break
        }
        'owui;help;man' {
            break
        }
        'owui;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
