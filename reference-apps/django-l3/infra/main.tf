# Library on AWS: the web behind a load balancer, the Celery worker and beat as ECS Fargate services,
# PostgreSQL on RDS, Redis on ElastiCache, a private S3 bucket for media files and exports, an image registry and
# the role the GitHub deploy workflow assumes. The modules come from the Stack Ladder release this project was
# made from (`?ref=`); `copier update` moves the pin. docs/deploy.md walks through the first apply.

provider "aws" {
  region = var.region
}

data "aws_availability_zones" "available" {
  #checkov:skip=CKV_AWS_394:The first two zones are taken (slice below); a zone AWS adds later changes nothing here.
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  azs  = slice(data.aws_availability_zones.available.names, 0, 2)
  tags = merge({ Project = var.name, ManagedBy = "terraform" }, var.tags)

  # What every process reads (config/settings.py): no DATABASE_URL or REDIS_URL here, their parts instead.
  environment = {
    ALLOWED_HOSTS           = var.domain_name
    CSRF_TRUSTED_ORIGINS    = "https://${var.domain_name}"
    DATABASE_HOST           = module.database.address
    DATABASE_PORT           = tostring(module.database.port)
    DATABASE_NAME           = module.database.database_name
    DATABASE_USER           = module.database.master_username
    REDIS_HOST              = module.cache.primary_endpoint_address
    REDIS_PORT              = tostring(module.cache.port)
    AWS_STORAGE_BUCKET_NAME = module.files.bucket_name
    AWS_S3_REGION_NAME      = var.region
  }
  secrets = {
    DATABASE_PASSWORD = "${module.database.master_user_secret_arn}:password::"
    REDIS_AUTH_TOKEN  = module.cache.auth_token_secret_arn
    SECRET_KEY        = aws_secretsmanager_secret.secret_key.arn
  }
  image = "${module.registry.repository_url}:${var.image_tag}"

  # The tasks that may reach PostgreSQL and Redis. (Named one by one: the whole modules would make a cycle.)
  task_security_group_ids = [module.web.security_group_id, module.worker.security_group_id, module.beat.security_group_id]
}

module "network" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/network?ref=v0.11.0"

  name               = var.name
  azs                = local.azs
  single_nat_gateway = !var.nat_per_az
  tags               = local.tags
}

module "database" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/database?ref=v0.11.0"

  name                       = "${var.name}-db"
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = local.task_security_group_ids
  instance_class             = var.db_instance_class
  database_name              = "library"
  multi_az                   = var.multi_az
  deletion_protection        = var.deletion_protection
  tags                       = local.tags
}

module "cache" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/cache?ref=v0.11.0"

  name                       = var.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = local.task_security_group_ids
  node_type                  = var.cache_node_type
  num_cache_clusters         = var.multi_az ? 2 : 1
  automatic_failover         = var.multi_az
  tags                       = local.tags
}

module "registry" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/registry?ref=v0.11.0"

  name         = var.name
  force_delete = !var.deletion_protection
  tags         = local.tags
}

# Media files and CSV exports: private, read and written by the web and worker tasks only, downloaded through
# presigned URLs. (The module also puts CloudFront in front, unused by the app until you serve files through it.)
module "files" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/cdn?ref=v0.11.0"

  name          = "${var.name}-files"
  force_destroy = !var.deletion_protection
  tags          = local.tags
}

# Django's SECRET_KEY: generated once, kept in Secrets Manager, handed to the tasks as a secret.
data "aws_secretsmanager_random_password" "secret_key" {
  password_length     = 64
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "secret_key" {
  #checkov:skip=CKV2_AWS_57:Rotating SECRET_KEY logs every user out; rotate it by hand (docs/deploy.md).
  #checkov:skip=CKV_AWS_149:The AWS-managed key encrypts it; the tasks' execution role reads it and nothing else.
  name_prefix = "${var.name}-secret-key-"
  description = "Django SECRET_KEY of ${var.name}"

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "secret_key" {
  secret_id     = aws_secretsmanager_secret.secret_key.id
  secret_string = data.aws_secretsmanager_random_password.secret_key.random_password

  # The first value stays: the data source yields a new one on every read.
  lifecycle {
    ignore_changes = [secret_string]
  }
}

# The application's own rights on its bucket: objects in, out and away, and listing; nothing else anywhere.
data "aws_iam_policy_document" "files" {
  statement {
    sid       = "ReadWriteFiles"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${module.files.bucket_arn}/*"]
  }

  statement {
    sid       = "ListFiles"
    actions   = ["s3:ListBucket"]
    resources = [module.files.bucket_arn]
  }
}

# A hosted zone for the app's domain: delegate it from the parent domain with its name servers (name_servers).
resource "aws_route53_zone" "this" {
  #checkov:skip=CKV2_AWS_38:DNSSEC signing needs a KMS key in us-east-1 and a DS record at the parent: a choice per domain.
  #checkov:skip=CKV2_AWS_39:Query logging is an opt-in cost.
  name = var.domain_name

  tags = local.tags
}

module "load_balancer" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/load-balancer?ref=v0.11.0"

  name                = var.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  domain_name         = var.domain_name
  zone_id             = aws_route53_zone.this.zone_id
  deletion_protection = var.deletion_protection
  force_destroy_logs  = !var.deletion_protection
  tags                = local.tags
}

resource "aws_route53_record" "app" {
  zone_id = aws_route53_zone.this.zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = module.load_balancer.dns_name
    zone_id                = module.load_balancer.zone_id
    evaluate_target_health = true
  }
}

# The Procfile's processes, one ECS service each, all from the one image. Deploys (.github/workflows/deploy.yml)
# register task definition revisions with the commit's image; Terraform leaves the services' revision to them.
module "web" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/service?ref=v0.11.0"

  name                 = "${var.name}-web"
  vpc_id               = module.network.vpc_id
  subnet_ids           = module.network.private_subnet_ids
  image                = local.image
  image_repository_arn = module.registry.repository_arn
  cpu                  = var.task_cpu
  memory               = var.task_memory
  container_port       = 8000
  environment = merge(local.environment, {
    # Only the load balancer reaches the tasks (security groups): trust the X-Forwarded-* headers it adds.
    FORWARDED_ALLOW_IPS = "*"
    PROXY_COUNT         = "1"
    WEB_CONCURRENCY     = tostring(max(2, var.task_cpu / 256))
  })
  secrets                        = local.secrets
  task_role_policies             = { files = data.aws_iam_policy_document.files.json }
  ignore_task_definition_changes = true
  enable_execute_command         = var.enable_execute_command
  enable_autoscaling             = var.autoscaling
  desired_count                  = var.web_desired_count
  min_capacity                   = var.web_desired_count
  max_capacity                   = max(var.web_max_count, var.web_desired_count)
  log_retention_days             = var.log_retention_days
  load_balancer = {
    listener_arn      = module.load_balancer.https_listener_arn
    arn_suffix        = module.load_balancer.arn_suffix
    security_group_id = module.load_balancer.security_group_id
  }
  tags = local.tags
}

module "worker" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/service?ref=v0.11.0"

  name                           = "${var.name}-worker"
  create_cluster                 = false
  cluster_arn                    = module.web.cluster_arn
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.private_subnet_ids
  image                          = local.image
  image_repository_arn           = module.registry.repository_arn
  cpu                            = var.task_cpu
  memory                         = var.task_memory
  command                        = ["celery", "-A", "config", "worker", "--loglevel=INFO"]
  environment                    = local.environment
  secrets                        = local.secrets
  task_role_policies             = { files = data.aws_iam_policy_document.files.json }
  ignore_task_definition_changes = true
  enable_autoscaling             = var.autoscaling
  desired_count                  = 1
  min_capacity                   = 1
  max_capacity                   = 4
  log_retention_days             = var.log_retention_days
  tags                           = local.tags
}

# Exactly one beat: two would queue every scheduled task twice. No autoscaling, no bucket access.
module "beat" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/service?ref=v0.11.0"

  name                           = "${var.name}-beat"
  create_cluster                 = false
  cluster_arn                    = module.web.cluster_arn
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.private_subnet_ids
  image                          = local.image
  image_repository_arn           = module.registry.repository_arn
  cpu                            = 256
  memory                         = 512
  command                        = ["celery", "-A", "config", "beat", "--loglevel=INFO", "--pidfile=", "--schedule=/tmp/celerybeat-schedule"]
  environment                    = local.environment
  secrets                        = local.secrets
  ignore_task_definition_changes = true
  enable_autoscaling             = false
  desired_count                  = 1
  log_retention_days             = var.log_retention_days
  tags                           = local.tags
}

locals {
  services = {
    web    = module.web
    worker = module.worker
    beat   = module.beat
  }
}

# The role .github/workflows/deploy.yml assumes: jobs of one repository's one environment, pushing to this
# registry, running migrations as a one-off web task and rolling out this cluster's services.
module "deploy_role" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/github-oidc?ref=v0.11.0"

  name                 = "${var.name}-deploy"
  create_oidc_provider = var.create_github_oidc_provider
  oidc_provider_arn    = var.create_github_oidc_provider ? null : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
  github_repository    = var.github_repository
  github_environment   = var.github_environment
  ecr_repository_arn   = module.registry.repository_arn
  ecs_cluster_arn      = module.web.cluster_arn
  task_families        = [module.web.task_family]
  pass_role_arns       = flatten([for service in local.services : [service.task_role_arn, service.execution_role_arn]])
  tags                 = local.tags
}
