/**
 * A synthetic Terraform source tree for the source-scan benchmark: one root module of `files` .tf files, one
 * variables file and `files - 1` files that each hold an AI inference system of ten resources (training bucket
 * with its controls, execution role and a policy built with jsonencode, SageMaker model, endpoint configuration
 * and endpoint, an invoking Lambda function), referring to each other and to variables and locals.
 * Deterministic: the same arguments give the same files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SOURCE_GENERATOR_VERSION = 1;

const VARIABLES = `variable "environment" {
  type    = string
  default = "prod"
}

variable "tags" {
  type = map(string)
  default = {
    owner = "ml-platform"
  }
}

variable "public_endpoints" {
  type    = bool
  default = false
}

locals {
  tags = merge(var.tags, { environment = var.environment })
}
`;

function system(i: number): string {
  const n = `s${String(i).padStart(4, '0')}`;
  const capture = i % 3 === 0;
  const isolated = i % 4 !== 0;
  return `# System ${n}: training data, a model and the endpoint serving it.
resource "aws_s3_bucket" "${n}_data" {
  bucket = "\${var.environment}-${n}-training-data"
  tags   = merge(local.tags, { system = "${n}" })
}

resource "aws_s3_bucket_versioning" "${n}_data" {
  bucket = aws_s3_bucket.${n}_data.id
  versioning_configuration {
    status = "${i % 2 === 0 ? 'Enabled' : 'Suspended'}"
  }
}

resource "aws_s3_bucket_public_access_block" "${n}_data" {
  bucket                  = aws_s3_bucket.${n}_data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = ${i % 5 === 0 ? 'false' : 'true'}
}

resource "aws_iam_role" "${n}_exec" {
  name = "\${var.environment}-${n}-exec"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "${n}_exec" {
  role = aws_iam_role.${n}_exec.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = ["arn:aws:s3:::\${aws_s3_bucket.${n}_data.bucket}/*"]
      },
    ]
  })
}

resource "aws_sagemaker_model" "${n}" {
  name                     = "${n}-model"
  execution_role_arn       = aws_iam_role.${n}_exec.arn
  enable_network_isolation = ${String(isolated)}
  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/${n}:latest"
    model_data_url = "s3://\${aws_s3_bucket.${n}_data.bucket}/model.tar.gz"
  }
}

resource "aws_sagemaker_endpoint_configuration" "${n}" {
  name = "${n}-config"
  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.${n}.name
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
${
  capture
    ? `  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://\${aws_s3_bucket.${n}_data.bucket}/capture"
    capture_options {
      capture_mode = "Input"
    }
  }
`
    : ''
}}

resource "aws_sagemaker_endpoint" "${n}" {
  name                 = "${n}"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.${n}.name
  tags                 = local.tags
}

resource "aws_lambda_function" "${n}_api" {
  function_name = "${n}-api"
  role          = aws_iam_role.${n}_exec.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  environment {
    variables = {
      ENDPOINT = aws_sagemaker_endpoint.${n}.name
    }
  }
}

resource "aws_lambda_function_url" "${n}_api" {
  function_name      = aws_lambda_function.${n}_api.function_name
  authorization_type = var.public_endpoints ? "NONE" : "AWS_IAM"
}
`;
}

/** Writes the tree into `dir` (created, or emptied of .tf files first). Returns the number of files. */
export function writeSyntheticSource(dir: string, files: number): number {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.tf')) fs.rmSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'variables.tf'), VARIABLES);
  for (let i = 1; i < files; i++) {
    fs.writeFileSync(path.join(dir, `system_${String(i).padStart(4, '0')}.tf`), system(i));
  }
  return files;
}
