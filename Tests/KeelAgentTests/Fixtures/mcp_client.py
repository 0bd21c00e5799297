"""Drive `keel mcp` with the official Python MCP client (PyPI `mcp`, pinned in requirements-test.txt).

usage: mcp_client.py SCENARIO.json -- KEEL ARGS...
The scenario is a list of {"tool": name, "arguments": {...}} calls (or {"list": "tools"|"resources"|"prompts"},
{"read": uri}, {"prompt": name, "arguments": {...}}). Prints one JSON object: {"results": [...]} where each
result is {"is_error": bool, "text": str} (or the listing), and "progress": the progress messages seen.
"""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main() -> None:
    scenario = json.load(open(sys.argv[1]))
    command = sys.argv[3:]
    params = StdioServerParameters(command=command[0], args=command[1:])
    progress: list[str] = []
    plan_id = None
    results: list[dict] = []

    async def on_progress(value, total, message):
        nonlocal progress
        progress.append(message or "")

    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            for step in scenario:
                if "list" in step:
                    kind = step["list"]
                    if kind == "tools":
                        listed = await session.list_tools()
                        results.append({"tools": [
                            {"name": t.name, "schema": t.input_schema,
                             "readOnly": t.annotations.read_only_hint if t.annotations else None,
                             "destructive": t.annotations.destructive_hint if t.annotations else None} for t in listed.tools]})
                    elif kind == "resources":
                        listed = await session.list_resources()
                        results.append({"resources": [str(r.uri) for r in listed.resources]})
                    else:
                        listed = await session.list_prompts()
                        results.append({"prompts": [p.name for p in listed.prompts]})
                elif "read" in step:
                    read_result = await session.read_resource(step["read"])
                    results.append({"text": read_result.contents[0].text})
                elif "prompt" in step:
                    prompt = await session.get_prompt(step["prompt"], step.get("arguments", {}))
                    results.append({"text": prompt.messages[0].content.text})
                else:
                    arguments = {k: (plan_id if v == "$plan_id" else v) for k, v in step.get("arguments", {}).items()}
                    result = await session.call_tool(step["tool"], arguments, progress_callback=on_progress,
                                                     read_timeout_seconds=600)
                    text = "".join(c.text for c in result.content if getattr(c, "text", None) is not None)
                    results.append({"is_error": bool(result.is_error), "text": text})
                    if step["tool"] == "propose_migration" and not result.is_error:
                        plan_id = json.loads(text)["id"]
    print(json.dumps({"results": results, "progress": progress}))


asyncio.run(main())
