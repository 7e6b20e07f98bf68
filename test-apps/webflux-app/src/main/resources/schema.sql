CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(64));
INSERT INTO items (id, name) VALUES (1, 'lamp'), (2, 'chair'), (3, 'desk');
