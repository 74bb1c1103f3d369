-- Trading centres served by this backend. A NULL fee means "the configured default fee".
CREATE TABLE orgs (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL UNIQUE,
    region       TEXT NOT NULL,
    sort_order   INTEGER NOT NULL,
    cert_fee_fen INTEGER CHECK (cert_fee_fen IS NULL OR cert_fee_fen > 0)
);

INSERT INTO orgs (id, name, region, sort_order) VALUES
    ('huizhou',   '惠州市公共资源交易中心',       '广东省惠州市',       10),
    ('huidong',   '惠东县公共资源交易中心',       '广东省惠州市惠东县', 20),
    ('boluo',     '博罗县公共资源交易中心',       '广东省惠州市博罗县', 30),
    ('guangdong', '广东省公共资源交易中心',       '广东省广州市',       40),
    ('guangzhou', '广州公共资源交易中心',         '广东省广州市',       50),
    ('shenzhen',  '深圳公共资源交易中心',         '广东省深圳市',       60),
    ('dongguan',  '东莞市公共资源交易中心',       '广东省东莞市',       70),
    ('heyuan',    '河源市公共资源交易中心',       '广东省河源市',       80),
    ('shanwei',   '汕尾市公共资源交易中心',       '广东省汕尾市',       90);

-- People registered with an organization. Registration fills this table; login reads it.
CREATE TABLE users (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     TEXT NOT NULL REFERENCES orgs (id),
    phone      TEXT NOT NULL,
    name       TEXT NOT NULL,
    unit_name  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, phone)
);
