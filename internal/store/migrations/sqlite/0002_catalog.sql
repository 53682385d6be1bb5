-- The mall's catalog: categories, products and their variants, photos,
-- store stories, the audit trail of listing changes, and search.

ALTER TABLE organizations ADD COLUMN story_ko TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN story_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN story_en TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN cover_photo TEXT NOT NULL DEFAULT '';

CREATE TABLE categories (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES categories (code),
    name_ko     TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    position    INTEGER NOT NULL
);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    org_id         BIGINT NOT NULL REFERENCES organizations (id),
    category_code  TEXT NOT NULL REFERENCES categories (code),
    origin_code    TEXT NOT NULL REFERENCES regions (code),
    kind           TEXT NOT NULL CHECK (kind IN ('goods', 'tourism')),
    name_ko        TEXT NOT NULL DEFAULT '',
    name_zh        TEXT NOT NULL DEFAULT '',
    name_en        TEXT NOT NULL DEFAULT '',
    description_ko TEXT NOT NULL DEFAULT '',
    description_zh TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    labels         TEXT NOT NULL DEFAULT '',
    cert_no        TEXT NOT NULL DEFAULT '',
    cert_expiry    TEXT NOT NULL DEFAULT '',
    hidden         BOOLEAN NOT NULL DEFAULT FALSE,
    listed_via     BIGINT REFERENCES service_points (id),
    -- Kept by the store whenever variants change, for listings and filters.
    min_price      BIGINT NOT NULL DEFAULT 0,
    max_price      BIGINT NOT NULL DEFAULT 0,
    total_stock    BIGINT NOT NULL DEFAULT 0,
    first_photo    TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX products_org ON products (org_id);
CREATE INDEX products_category ON products (category_code, created_at);
CREATE INDEX products_origin ON products (origin_code);
CREATE INDEX products_created ON products (created_at);
CREATE INDEX products_price ON products (min_price);

CREATE TABLE variants (
    id         INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id),
    sku        TEXT NOT NULL UNIQUE,
    name_ko    TEXT NOT NULL DEFAULT '',
    name_zh    TEXT NOT NULL DEFAULT '',
    name_en    TEXT NOT NULL DEFAULT '',
    price      BIGINT NOT NULL CHECK (price > 0),
    stock      BIGINT NOT NULL CHECK (stock >= 0),
    position   INTEGER NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX variants_product ON variants (product_id, position);

CREATE TABLE photos (
    key        TEXT PRIMARY KEY,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE photo_renditions (
    photo_key TEXT NOT NULL REFERENCES photos (key),
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    bytes     BLOB NOT NULL,
    PRIMARY KEY (photo_key, width)
);

CREATE TABLE product_photos (
    product_id BIGINT NOT NULL REFERENCES products (id),
    photo_key  TEXT NOT NULL REFERENCES photos (key),
    position   INTEGER NOT NULL,
    PRIMARY KEY (product_id, photo_key)
);

CREATE TABLE product_changes (
    id         INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id),
    actor_id   BIGINT REFERENCES users (id),
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    point_id   BIGINT REFERENCES service_points (id),
    action     TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);
CREATE INDEX product_changes_product ON product_changes (product_id, changed_at);

-- Search: the store writes tokens made in Go (catalog.SearchTokens) with the
-- product's id as rowid.
CREATE VIRTUAL TABLE product_search USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0');

INSERT INTO categories (code, parent_code, name_ko, name_zh, name_en, position) VALUES
    ('grains', NULL, '쌀·잡곡', '大米杂粮', 'Rice & grains', 1),
    ('grains-rice', 'grains', '입쌀', '大米', 'Rice', 2),
    ('grains-other', 'grains', '잡곡·콩', '杂粮豆类', 'Grains & beans', 3),
    ('forest', NULL, '버섯·임산물', '菌菇山货', 'Mushrooms & forest products', 4),
    ('forest-mushroom', 'forest', '목이버섯·버섯', '木耳菌菇', 'Wood-ear & mushrooms', 5),
    ('forest-nuts', 'forest', '잣·견과', '松子坚果', 'Pine nuts & nuts', 6),
    ('forest-ginseng-honey', 'forest', '인삼·꿀', '人参蜂蜜', 'Ginseng & honey', 7),
    ('fruit', NULL, '과일', '水果', 'Fruit', 8),
    ('fruit-apple-pear', 'fruit', '사과배', '苹果梨', 'Apple-pears', 9),
    ('fruit-berries', 'fruit', '블루베리·열매', '蓝莓浆果', 'Berries', 10),
    ('eggs-poultry', NULL, '알·가금', '禽蛋', 'Eggs & poultry', 11),
    ('vegetables', NULL, '남새·채소', '蔬菜', 'Vegetables', 12),
    ('processed', NULL, '가공식품', '加工食品', 'Processed foods', 13),
    ('processed-kimchi', 'processed', '김치·절임', '泡菜腌菜', 'Kimchi & pickles', 14),
    ('processed-sauces', 'processed', '된장·고추장', '大酱辣酱', 'Soybean & chili pastes', 15),
    ('processed-rice-cakes-noodles', 'processed', '떡·랭면', '打糕冷面', 'Rice cakes & cold noodles', 16),
    ('processed-dried', 'processed', '건어물·말린 나물', '干货', 'Dried goods', 17),
    ('handicrafts', NULL, '수공예품', '手工艺品', 'Handicrafts', 18),
    ('tourism', NULL, '농촌관광', '乡村旅游', 'Rural tourism', 19),
    ('tourism-farm-stay', 'tourism', '농가민박', '农家乐住宿', 'Farm stays', 20),
    ('tourism-picking', 'tourism', '따기 체험', '采摘体验', 'Picking', 21),
    ('tourism-village-tour', 'tourism', '마을 체험', '村落游', 'Village tours', 22),
    ('tourism-tickets', 'tourism', '관광 입장권', '景区门票', 'Tickets', 23);
