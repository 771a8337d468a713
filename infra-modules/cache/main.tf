# A Redis (or Valkey) replication group in private subnets: TLS in transit, encrypted at rest, an AUTH token that
# lives in Secrets Manager, and automatic failover to a replica in another zone.

locals {
  engine_version = coalesce(var.engine_version, var.engine == "valkey" ? "8.0" : "7.1")
  port           = 6379
  # The comparison reveals nothing of the token; count cannot take a sensitive value.
  generate_token = nonsensitive(var.auth_token == null)
}

# Generated once: the secret version keeps the first value (ignore_changes), while this data source yields a new
# one on every read.
data "aws_secretsmanager_random_password" "auth_token" {
  count = local.generate_token ? 1 : 0

  password_length     = 64
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "auth_token" {
  #checkov:skip=CKV2_AWS_57:Rotating the token means changing the replication group too; rotate with a new apply.
  name_prefix = "${var.name}-cache-auth-"
  description = "AUTH token of the ${var.name} cache"
  kms_key_id  = var.kms_key_arn

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "generated" {
  count = local.generate_token ? 1 : 0

  secret_id     = aws_secretsmanager_secret.auth_token.id
  secret_string = data.aws_secretsmanager_random_password.auth_token[0].random_password

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret_version" "given" {
  count = local.generate_token ? 0 : 1

  secret_id     = aws_secretsmanager_secret.auth_token.id
  secret_string = var.auth_token
}

resource "aws_elasticache_subnet_group" "this" {
  name        = var.name
  description = "Private subnets of ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-cache"
  description = "Cache of ${var.name}: ${local.port} from the allowed security groups only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-cache" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "cache" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = "Cache from an allowed service"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = var.allowed_security_group_ids[count.index]

  tags = var.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Cache of ${var.name}"

  engine               = var.engine
  engine_version       = local.engine_version
  parameter_group_name = "default.${var.engine}${split(".", local.engine_version)[0]}"
  node_type            = var.node_type
  num_cache_clusters   = var.num_cache_clusters
  port                 = local.port

  automatic_failover_enabled = var.automatic_failover
  multi_az_enabled           = var.automatic_failover

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  auth_token                 = local.generate_token ? aws_secretsmanager_secret_version.generated[0].secret_string : var.auth_token

  snapshot_retention_limit   = var.snapshot_retention_limit
  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !var.automatic_failover || var.num_cache_clusters >= 2
      error_message = "automatic_failover needs a replica to fail over to: set num_cache_clusters to 2 or more, or automatic_failover to false."
    }
  }
}
