-- The 用户角色 a person can register as.
CREATE TABLE roles (
    code       TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

INSERT INTO roles (code, name, sort_order) VALUES
    ('bidder',    '投标人',     10),
    ('tenderer',  '招标人',     20),
    ('agency',    '招标代理机构', 30),
    ('supplier',  '供应商',     40),
    ('expert',    '评标专家',   50);

-- A registration in progress, from 注册 until the certificate is issued. The id is a random
-- token held by the app; `step` is where the person stands.
CREATE TABLE registrations (
    id         TEXT PRIMARY KEY NOT NULL,
    org_id     TEXT NOT NULL REFERENCES orgs (id),
    role       TEXT NOT NULL REFERENCES roles (code),
    unit_name  TEXT NOT NULL,
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL,
    id_number  TEXT,
    step       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX registrations_by_phone ON registrations (org_id, phone);
