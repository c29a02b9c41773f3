-- Runs once, on the first start of the mysql container (docker-entrypoint-initdb.d).
-- MYSQL_DATABASE/MYSQL_USER already create `billing` and `reconciler`; this makes the grants explicit.
-- The schema itself is the reconciler's: it is created by its migrations (`migrate`, or at start-up).
CREATE DATABASE IF NOT EXISTS billing CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
GRANT ALL PRIVILEGES ON billing.* TO 'reconciler'@'%';
FLUSH PRIVILEGES;
