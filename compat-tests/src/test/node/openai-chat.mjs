// Chat and streaming through the official `openai` npm package against the Airlock bridge.
// Env: AIRLOCK_BASE_URL (ending in /v1) and AIRLOCK_MODEL (a model or adapter name).
// Prints one JSON line with what each part returned, or the error it threw, for the Java test
// (NodeOpenAiClientTest) to check.
import OpenAI from 'openai';

const baseURL = process.env.AIRLOCK_BASE_URL;
const model = process.env.AIRLOCK_MODEL;
if (!baseURL || !model) {
    console.error('set AIRLOCK_BASE_URL (…/v1) and AIRLOCK_MODEL');
    process.exit(2);
}
const client = new OpenAI({ baseURL, apiKey: 'any-key', maxRetries: 0, timeout: 60_000 });
const messages = [{ role: 'user', content: 'Say hello.' }];

async function chat() {
    const completion = await client.chat.completions.create({
        model, messages, max_tokens: 8, temperature: 0,
    });
    const choice = completion.choices[0];
    return {
        id: completion.id,
        object: completion.object,
        model: completion.model,
        choices: completion.choices.length,
        finish_reason: choice.finish_reason,
        role: choice.message.role,
        content: choice.message.content,
        usage: completion.usage,
    };
}

async function stream() {
    const chunks = await client.chat.completions.create({
        model, messages, max_tokens: 8, temperature: 0, stream: true,
        stream_options: { include_usage: true },
    });
    const ids = new Set();
    const models = new Set();
    const finishReasons = [];
    let content = '';
    let usage = null;
    let count = 0;
    for await (const chunk of chunks) {
        count++;
        ids.add(chunk.id);
        models.add(chunk.model);
        for (const choice of chunk.choices) {
            content += choice.delta?.content ?? '';
            if (choice.finish_reason) {
                finishReasons.push(choice.finish_reason);
            }
        }
        if (chunk.usage) {
            usage = chunk.usage;
        }
    }
    return { chunks: count, ids: [...ids], models: [...models], finish_reasons: finishReasons, content, usage };
}

async function unknownModel() {
    await client.chat.completions.create({ model: 'no-such-model', messages, max_tokens: 1 });
    return { status: 200 };
}

// Each part runs on its own, so one failure does not hide what the others saw.
async function attempt(part) {
    try {
        return await part();
    } catch (error) {
        return { error: { status: error.status ?? null, class: error.constructor.name,
            param: error.param ?? null, code: error.code ?? null, message: String(error.message) } };
    }
}

const result = { chat: await attempt(chat), stream: await attempt(stream), unknown_model: await attempt(unknownModel) };
console.log(JSON.stringify(result));
