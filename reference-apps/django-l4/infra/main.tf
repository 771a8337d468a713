# Library on AWS: CloudFront in front of a load balancer that sends the API's paths to the Django web
# service and every other page to the Astro frontend, the Celery worker and beat as ECS Fargate services,
# PostgreSQL on RDS, Redis on ElastiCache, a private S3 bucket for media files
# and exports, two image registries and the role the GitHub deploy workflow assumes. The modules come from the
# Stack Ladder release this project was made from (`?ref=`); `copier update` moves the pin. docs/deploy.md walks
# through the first apply.

provider "aws" {
  region = var.region
}

# CloudFront reads its certificate from us-east-1 only, whatever the region of the rest.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
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
  # The frontend's, from its own registry.
  frontend_image = "${module.frontend_registry.repository_url}:${var.image_tag}"
  # The API inside the VPC, as Cloud Map's DNS names its tasks: the frontend calls it there, not through the load
  # balancer, so the X-Forwarded-For it passes on is the one CloudFront and the load balancer wrote.
  api_url = "http://${module.web.service_discovery_name}.${aws_service_discovery_private_dns_namespace.this.name}:8000"
  # Where CloudFront reaches the load balancer: a name of its own (the site's name points at CloudFront).
  origin_domain_name = "origin.${var.domain_name}"
  # Beat publishes the Celery queue's length here (jobs/queue_depth.py); the worker scales on it.
  queue_metric_namespace = "${var.name}/celery"

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

# The frontend's image (frontend/Dockerfile): a registry of its own.
module "frontend_registry" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/registry?ref=v0.11.0"

  name         = "${var.name}-frontend"
  force_delete = !var.deletion_protection
  tags         = local.tags
}

# Media files and CSV exports: private, read and written by the web and worker tasks only, downloaded through
# presigned URLs. The module's CloudFront distribution is the site's front door: everything goes uncached to the
# load balancer with the viewer's cookies, headers and query string, except Astro's content-hashed assets
# (/_astro/*), cached at the edge for as long as their Cache-Control says (a year, immutable). Its requests carry
# a secret header without which the load balancer answers 404: the way in is CloudFront, not the load balancer.
module "files" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/cdn?ref=v0.11.0"

  name            = "${var.name}-files"
  aliases         = [var.domain_name]
  certificate_arn = aws_acm_certificate_validation.cdn.certificate_arn
  price_class     = var.cdn_price_class
  app_origin = {
    domain_name          = local.origin_domain_name
    custom_headers       = { (local.origin_header) = aws_secretsmanager_secret_version.origin_header.secret_string }
    cached_path_patterns = ["/_astro/*"]
  }
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

# CloudFront's certificate for the domain, in us-east-1 (the load balancer has its own, in the region). Its DNS
# validation record is the same CNAME as the load balancer's certificate's when ACM gives both the same one:
# allow_overwrite lets the two records share it.
resource "aws_acm_certificate" "cdn" {
  provider = aws.us_east_1

  domain_name       = var.domain_name
  validation_method = "DNS"

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "cdn_validation" {
  for_each = toset([var.domain_name])

  zone_id         = aws_route53_zone.this.zone_id
  name            = one([for o in aws_acm_certificate.cdn.domain_validation_options : o.resource_record_name if o.domain_name == each.key])
  type            = one([for o in aws_acm_certificate.cdn.domain_validation_options : o.resource_record_type if o.domain_name == each.key])
  records         = [for o in aws_acm_certificate.cdn.domain_validation_options : o.resource_record_value if o.domain_name == each.key]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "cdn" {
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.cdn.arn
  validation_record_fqdns = [for record in aws_route53_record.cdn_validation : record.fqdn]
}

# The header CloudFront adds to every request to the load balancer, whose rules require it: generated once, kept
# in Secrets Manager (read it there to rotate it by hand: a new value, then an apply).
locals {
  origin_header = "X-Origin-Verify"
}

data "aws_secretsmanager_random_password" "origin_header" {
  password_length     = 48
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "origin_header" {
  #checkov:skip=CKV2_AWS_57:CloudFront and the load balancer read it from Terraform: rotate it with an apply.
  #checkov:skip=CKV_AWS_149:The AWS-managed key encrypts it; no task reads it.
  name_prefix = "${var.name}-origin-header-"
  description = "Value of the ${local.origin_header} header CloudFront sends to the load balancer of ${var.name}"

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "origin_header" {
  secret_id     = aws_secretsmanager_secret.origin_header.id
  secret_string = data.aws_secretsmanager_random_password.origin_header.random_password

  # The first value stays: the data source yields a new one on every read.
  lifecycle {
    ignore_changes = [secret_string]
  }
}

# CloudFront's addresses towards origins: the only ones the load balancer accepts HTTPS from.
data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
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

  # HTTPS from CloudFront only (and the rules below want its header too).
  ingress_prefix_list_ids = [data.aws_ec2_managed_prefix_list.cloudfront.id]
}

# The site's name points at CloudFront (IPv4 and IPv6), CloudFront at the load balancer's own name.
resource "aws_route53_record" "app" {
  for_each = toset(["A", "AAAA"])

  zone_id = aws_route53_zone.this.zone_id
  name    = var.domain_name
  type    = each.key

  alias {
    name                   = module.files.domain_name
    zone_id                = module.files.hosted_zone_id
    evaluate_target_health = false
  }
}

# Level 3 had one A record, to the load balancer: a project climbing keeps it as the A record.
moved {
  from = aws_route53_record.app
  to   = aws_route53_record.app["A"]
}

resource "aws_route53_record" "origin" {
  zone_id = aws_route53_zone.this.zone_id
  name    = local.origin_domain_name
  type    = "A"

  alias {
    name                   = module.load_balancer.dns_name
    zone_id                = module.load_balancer.zone_id
    evaluate_target_health = true
  }
}

# Cloud Map's private DNS namespace: the frontend finds the API's tasks there.
resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = "${var.name}.internal"
  description = "Services of ${var.name}, inside its VPC"
  vpc         = module.network.vpc_id

  tags = local.tags
}

# The Procfile's processes, one ECS service each: the web (gunicorn: the API, the admin, sign-in, the jobs' pages,
# health, the exports and the static files), the worker and beat from the Django image, the frontend from its own.
# On AWS the load balancer's rules route the paths as proxy/Caddyfile does on one host. Deploys
# (.github/workflows/deploy.yml) register task definition revisions with the commit's images; Terraform leaves
# the services' revision to them.
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
    # Two proxies write X-Forwarded-For: CloudFront, then the load balancer.
    FORWARDED_ALLOW_IPS = "*"
    PROXY_COUNT         = "2"
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
    # Django's paths, exactly those proxy/Caddyfile sends to it; everything else is the frontend's.
    priority      = 10
    path_patterns = ["/api/*", "/admin/*", "/accounts/password/*", "/jobs/*", "/health/*", "/static/*", "/media/*", "/*/export.csv"]
    http_header   = { name = local.origin_header, value = aws_secretsmanager_secret_version.origin_header.secret_string }
  }
  tags = local.tags

  # The frontend reaches the API's tasks at api.<name>.internal.
  service_discovery = { namespace_id = aws_service_discovery_private_dns_namespace.this.id, name = "api" }
}

# The Astro server: every page the API's paths do not claim. It calls the API inside the VPC (API_URL).
module "frontend" {
  #checkov:skip=CKV_TF_1:Pinned to the template's release tag, which is never moved; `copier update` moves the pin.
  source = "git::https://github.com/stack-ladder/stack-ladder.git//infra-modules/service?ref=v0.11.0"

  name                           = "${var.name}-frontend"
  create_cluster                 = false
  cluster_arn                    = module.web.cluster_arn
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.private_subnet_ids
  image                          = local.frontend_image
  image_repository_arn           = module.frontend_registry.repository_arn
  cpu                            = var.frontend_cpu
  memory                         = var.frontend_memory
  container_port                 = 4321
  health_check_path              = "/frontend-health/ready/"
  environment                    = { API_URL = local.api_url }
  ignore_task_definition_changes = true
  enable_autoscaling             = var.autoscaling
  desired_count                  = var.web_desired_count
  min_capacity                   = var.web_desired_count
  max_capacity                   = max(var.web_max_count, var.web_desired_count)
  log_retention_days             = var.log_retention_days
  load_balancer = {
    listener_arn      = module.load_balancer.https_listener_arn
    arn_suffix        = module.load_balancer.arn_suffix
    security_group_id = module.load_balancer.security_group_id
    priority          = 100
    path_patterns     = ["/*"]
    http_header       = { name = local.origin_header, value = aws_secretsmanager_secret_version.origin_header.secret_string }
  }
  tags = local.tags
}

# The frontend's calls to the API: the web tasks' port, from the frontend's tasks only (and the load balancer).
resource "aws_vpc_security_group_ingress_rule" "api_from_frontend" {
  security_group_id            = module.web.security_group_id
  description                  = "The API, from the frontend's tasks"
  ip_protocol                  = "tcp"
  from_port                    = 8000
  to_port                      = 8000
  referenced_security_group_id = module.frontend.security_group_id

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
  max_capacity                   = var.worker_max_count
  log_retention_days             = var.log_retention_days
  tags                           = local.tags

  # Tasks waiting in the celery queue (published by beat: Redis has no such metric) per running worker.
  backlog_scaling = {
    namespace       = local.queue_metric_namespace
    metric_name     = "MessageCount"
    dimensions      = { Queue = "celery" }
    target_per_task = var.worker_queue_target
  }
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
  environment                    = merge(local.environment, { QUEUE_METRIC_NAMESPACE = local.queue_metric_namespace })
  task_role_policies             = { queue-metric = data.aws_iam_policy_document.queue_metric.json }
  secrets                        = local.secrets
  ignore_task_definition_changes = true
  enable_autoscaling             = false
  desired_count                  = 1
  log_retention_days             = var.log_retention_days
  tags                           = local.tags
}

# Beat's one right of its own: metrics into the queue's namespace (PutMetricData names no resource).
data "aws_iam_policy_document" "queue_metric" {
  statement {
    sid       = "PublishQueueLength"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [local.queue_metric_namespace]
    }
  }
}

locals {
  services = {
    web      = module.web
    frontend = module.frontend
    worker   = module.worker
    beat     = module.beat
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

  # The frontend's image too.
  additional_ecr_repository_arns = [module.frontend_registry.repository_arn]
}
