# The sotagraph image for docker-compose.yml's dashboard and ingest services.
FROM python:3.11-slim
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1 \
    SOTAGRAPH_HOME=/var/lib/sotagraph HF_HUB_OFFLINE=1
COPY pyproject.toml README.md ./
COPY tracker ./tracker
COPY graph ./graph
COPY dashboard ./dashboard
COPY scripts ./scripts
RUN pip install .
VOLUME /var/lib/sotagraph
EXPOSE 8501
CMD ["sotagraph", "dashboard", "--address", "0.0.0.0", "--port", "8501"]
