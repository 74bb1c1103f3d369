-- The units (单位) a person signs for; `users.unit_name` is the current one.
CREATE TABLE user_units (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    unit_name  TEXT NOT NULL,
    role       TEXT NOT NULL REFERENCES roles (code),
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, unit_name)
);

INSERT INTO user_units (user_id, unit_name, role, created_at)
SELECT users.id, users.unit_name,
       COALESCE((SELECT role FROM registrations WHERE registrations.user_id = users.id
                 ORDER BY created_at DESC LIMIT 1), 'bidder'),
       users.created_at
FROM users;
