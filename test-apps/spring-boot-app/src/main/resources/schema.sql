-- Run once at start-up by Spring Boot's SQL initialization (spring.sql.init.mode=always), before Hibernate
-- boots; Hibernate never touches the schema (spring.jpa.hibernate.ddl-auto=none). One statement per table.
-- New orders get their ids from the application (OrdersController: 1001, 1002, ...), not from the database,
-- so that POST /orders is exactly one INSERT.
CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(32) NOT NULL);
CREATE TABLE owners (id BIGINT PRIMARY KEY, name VARCHAR(64));
CREATE TABLE pets (id BIGINT PRIMARY KEY, owner_id BIGINT, name VARCHAR(64));
