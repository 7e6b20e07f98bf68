-- Seed data, one multi-row INSERT per table (orders 1..5, owners 1..10, pets 1..10).
INSERT INTO orders (id, status) VALUES (1, 'shipped'), (2, 'shipped'), (3, 'shipped'), (4, 'shipped'), (5, 'shipped');
INSERT INTO owners (id, name) VALUES (1, 'George'), (2, 'Betty'), (3, 'Eduardo'), (4, 'Harold'), (5, 'Peter'),
    (6, 'Jean'), (7, 'Jeff'), (8, 'Maria'), (9, 'David'), (10, 'Carlos');
INSERT INTO pets (id, owner_id, name) VALUES (1, 1, 'Bella'), (2, 2, 'Luna'), (3, 3, 'Rosy'), (4, 3, 'Jewel'),
    (5, 4, 'Iggy'), (6, 5, 'George'), (7, 6, 'Samantha'), (8, 6, 'Max'), (9, 7, 'Leo'), (10, 8, 'Max');
